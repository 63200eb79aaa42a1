using System.Text;

namespace DaprPredictor.Testing.Hostile;

/// <summary>
/// CloudEvent envelopes that are malformed, or well formed in the ways daprd uses that the happy path does not: binary
/// data in <c>data_base64</c>, text data, raw payloads without an envelope. A malformed envelope must end DROP after
/// our own dead letter, never an HTTP error (under daprd any status but 2xx and 404 is redelivered forever).
/// </summary>
public static class HostileEnvelopes
{
    public const string CloudEventsJson = "application/cloudevents+json";

    public static IReadOnlyList<HostileEnvelope> All { get; } = Build();

    public static HostileEnvelope Named(string name) => All.Single(c => c.Name == name);

    public static IEnumerable<string> Names => All.Select(c => c.Name);

    /// <summary>A CloudEvent 1.0 as daprd writes it, with <paramref name="members"/> (raw JSON) in place of data and datacontenttype.</summary>
    public static string Envelope(EventSeed seed, string members) => $$"""
        {"specversion":"1.0","id":"{{Guid.NewGuid()}}","source":"clickstream-simulator","type":"com.dapr.event.sent",{{members}},"topic":"page-views","pubsubname":"pubsub","traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","time":"{{seed.Timestamp}}"}
        """;

    /// <summary>The page view as a structured CloudEvent, exactly as daprd delivers an application/json publish.</summary>
    public static HostileEnvelope.Delivery AsDaprdDelivers(EventSeed seed, byte[] data) =>
        Structured(seed, $"\"datacontenttype\":\"application/json\",\"data\":{Encoding.UTF8.GetString(data)}");

    /// <summary>The bytes written straight into the envelope's data member, whatever they are.</summary>
    public static HostileEnvelope.Delivery RawInData(EventSeed seed, byte[] data)
    {
        var envelope = Envelope(seed, "\"datacontenttype\":\"application/json\",\"data\":\u0001");
        var at = envelope.IndexOf('\u0001', StringComparison.Ordinal);
        return new([.. Encoding.UTF8.GetBytes(envelope[..at]), .. data, .. Encoding.UTF8.GetBytes(envelope[(at + 1)..])], CloudEventsJson);
    }

    /// <summary>The bytes as binary data (data_base64), as daprd delivers a publish of a non-JSON content type.</summary>
    public static HostileEnvelope.Delivery AsBase64(EventSeed seed, byte[] data, string contentType = "application/json") =>
        Structured(seed, $"\"datacontenttype\":\"{contentType}\",\"data_base64\":\"{Convert.ToBase64String(data)}\"");

    private static HostileEnvelope.Delivery Structured(EventSeed seed, string members, string contentType = CloudEventsJson) =>
        new(Encoding.UTF8.GetBytes(Envelope(seed, members)), contentType);

    private static IReadOnlyList<HostileEnvelope> Build() =>
    [
        new("an empty body", HostileEvents.InvalidCloudEvent, _ => new([], CloudEventsJson)),
        new("the envelope is JSON null", HostileEvents.InvalidCloudEvent, _ => new("null"u8.ToArray(), CloudEventsJson)),
        new("the envelope is an array", HostileEvents.InvalidCloudEvent, s => new(Encoding.UTF8.GetBytes($"[{Envelope(s, "\"data\":1")}]"), CloudEventsJson)),
        new("the envelope is a string", HostileEvents.InvalidCloudEvent, _ => new("\"hello\""u8.ToArray(), CloudEventsJson)),
        new("the envelope is malformed JSON", HostileEvents.InvalidCloudEvent, s => new(Encoding.UTF8.GetBytes(Envelope(s, "\"data\":{")[..60]), CloudEventsJson)),
        new("the envelope is nested 10,000 deep", HostileEvents.InvalidCloudEvent, _ => new(Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000)), CloudEventsJson)),
        new("the envelope has no data", HostileEvents.InvalidCloudEvent, s => Structured(s, "\"datacontenttype\":\"application/json\"")),
        new("data is JSON null", HostileEvents.MalformedJson, s => Structured(s, "\"datacontenttype\":\"application/json\",\"data\":null")),
        new("data and data_base64 both", HostileEvents.InvalidCloudEvent, s => Structured(s, $"\"data\":{s.Json()},\"data_base64\":\"{Convert.ToBase64String(s.Bytes())}\"")),
        new("data_base64 that is not base64", HostileEvents.InvalidCloudEvent, s => Structured(s, "\"datacontenttype\":\"application/octet-stream\",\"data_base64\":\"***not base64***\"")),
        new("data_base64 that is a number", HostileEvents.InvalidCloudEvent, s => Structured(s, "\"data_base64\":12345")),
        new("data twice", HostileEvents.InvalidCloudEvent, s => Structured(s, $"\"data\":{s.Json()},\"data\":{s.Json()}")),
        new("an envelope of 1 MB", HostileEvents.PayloadTooLarge, s => Structured(s, $"\"data\":{s.Json(("page", "\"/" + new string('p', 1024 * 1024) + "\""))}")),
        new("a charset other than UTF-8", HostileEvents.InvalidCloudEvent, s => Structured(s, $"\"data\":{s.Json()}", CloudEventsJson + "; charset=x-unknown")),
        new("a charset of UTF-16", HostileEvents.InvalidCloudEvent, s => Structured(s, $"\"data\":{s.Json()}", CloudEventsJson + "; charset=utf-16")),
        new("a page view as data_base64", null, s => AsBase64(s, s.Bytes())),
        new("a page view as data_base64 of application/octet-stream", null, s => AsBase64(s, s.Bytes(), "application/octet-stream")),
        new("a page view as text data", null, s => Structured(s, $"\"datacontenttype\":\"text/plain\",\"data\":{EventSeed.Quote(s.Json())}")),
        new("a page view as data of a wrong datacontenttype", null, s => Structured(s, $"\"datacontenttype\":\"application/xml\",\"data\":{s.Json()}")),
        new("a page view as data of a datacontenttype that is no media type", null, s => Structured(s, $"\"datacontenttype\":\"%%%\",\"data\":{s.Json()}")),
        new("a page view as data without a datacontenttype", null, s => Structured(s, $"\"data\":{s.Json()}")),
        new("a page view as a JSON string of a JSON datacontenttype", HostileEvents.MalformedJson, s => Structured(s, $"\"datacontenttype\":\"application/json\",\"data\":{EventSeed.Quote(s.Json())}")),
        new("text data with an escaped lone surrogate", HostileEvents.MalformedJson, s => Structured(s, "\"datacontenttype\":\"text/plain\",\"data\":\"\\ud800\"")),
        new("a raw payload (no envelope, application/json)", null, s => new(s.Bytes(), "application/json")),
        new("a raw payload without a content type", null, s => new(s.Bytes(), null)),
        new("a raw payload of text/plain", null, s => new(s.Bytes(), "text/plain")),
        new("a raw payload that is not JSON", HostileEvents.MalformedJson, _ => new("<event/>"u8.ToArray(), "application/xml")),
    ];
}

using System.Text;
using System.Text.Json;

namespace DaprPredictor.Testing.Hostile;

/// <summary>
/// Bulk deliveries (the envelope daprd POSTs to a bulk subscription, <see cref="BulkDeliveries"/>) that are malformed
/// as a whole, and entries that are malformed on their own. An entry's problem is that entry's alone: DROP after its
/// dead letter, the entries beside it answered as usual. Only an envelope with no entry to answer is refused, with a
/// 4xx ProblemDetails. The page views and CloudEvents of <see cref="HostileEvents"/> and <see cref="HostileEnvelopes"/>
/// go in as entries too (<see cref="AsEntry"/>, <see cref="EnvelopeAsEntry"/>).
/// </summary>
public static class HostileBulkDeliveries
{
    /// <summary>The batch size the hostile bulk service subscribes with: small, so that an oversized delivery stays small.</summary>
    public const int MaxMessages = 8;

    /// <summary>
    /// The largest bulk delivery that service reads: a full batch of the largest CloudEvents (four times a 64 KiB page
    /// view) with 4 KiB of entry metadata each. A larger one, such as one entry carrying 10 MB, is refused whole (413).
    /// </summary>
    public const int MaxBodyBytes = MaxMessages * ((4 * 64 * 1024) + (4 * 1024));

    public static IReadOnlyList<HostileBulkEnvelope> Envelopes { get; } = BuildEnvelopes();

    public static IReadOnlyList<HostileBulkEntry> Entries { get; } = BuildEntries();

    public static HostileBulkEnvelope Envelope(string name) => Envelopes.Single(c => c.Name == name);

    public static HostileBulkEntry Entry(string name) => Entries.Single(c => c.Name == name);

    /// <summary>A valid entry "0" for <paramref name="seed"/>, then <paramref name="hostile"/>: a delivery as daprd sends it.</summary>
    public static HostileEnvelope.Delivery Beside(EventSeed seed, string hostile) =>
        Json(BulkDeliveries.Envelope([Valid("0", seed), hostile]));

    /// <summary>The valid entry every case sits beside, its page view as daprd delivers it.</summary>
    public static string Valid(string entryId, EventSeed seed) => BulkDeliveries.Entry(entryId, Encoding.UTF8.GetString(HostileEnvelopes.AsDaprdDelivers(seed, seed.Bytes()).Body));

    /// <summary>A hostile page view as entry "1": its bytes as the CloudEvent's data_base64, as daprd delivers a non-JSON publish.</summary>
    public static string AsEntry(EventSeed seed, byte[] pageView) => BulkDeliveries.Entry("1", Encoding.UTF8.GetString(HostileEnvelopes.AsBase64(seed, pageView).Body));

    /// <summary>
    /// A single route's hostile delivery as entry "1", when it is a structured CloudEvent that a bulk envelope can carry
    /// (JSON text in UTF-8, of content type application/cloudevents+json); null when it cannot be one entry.
    /// </summary>
    public static string? EnvelopeAsEntry(HostileEnvelope.Delivery delivery)
    {
        if (delivery.ContentType?.StartsWith(HostileEnvelopes.CloudEventsJson, StringComparison.Ordinal) != true || !IsJsonText(delivery.Body)) return null;
        return BulkDeliveries.Entry("1", Encoding.UTF8.GetString(delivery.Body), delivery.ContentType);
    }

    /// <summary>The page view's bytes written raw into a CloudEvent entry, when they are JSON text a bulk envelope can carry.</summary>
    public static string? RawEntry(EventSeed seed, byte[] pageView) =>
        IsJsonText(pageView) ? BulkDeliveries.Entry("1", Encoding.UTF8.GetString(HostileEnvelopes.RawInData(seed, pageView).Body)) : null;

    private static bool IsJsonText(byte[] bytes)
    {
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) return false;
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = bytes.Length + 1 });
        try
        {
            if (!reader.Read()) return false;
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static HostileEnvelope.Delivery Json(string body, string contentType = "application/json") => new(Encoding.UTF8.GetBytes(body), contentType);

    private static string Event(EventSeed seed) => Encoding.UTF8.GetString(HostileEnvelopes.AsDaprdDelivers(seed, seed.Bytes()).Body);

    private static string ManyEntries(EventSeed seed, int count) =>
        string.Join(',', Enumerable.Range(0, count).Select(i => BulkDeliveries.Entry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), Event(seed with { EventId = $"{seed.EventId}-{i}" }))));

    private static IReadOnlyList<HostileBulkEnvelope> BuildEnvelopes() =>
    [
        new("an empty body", 400, _ => new([], "application/json")),
        new("JSON null", 400, _ => Json("null")),
        new("an array of entries", 400, s => Json($"[{Valid("0", s)}]")),
        new("a string", 400, _ => Json("\"entries\"")),
        new("malformed JSON", 400, s => Json(BulkDeliveries.Envelope([Valid("0", s)])[..80])),
        new("an array nested 10,000 deep", 400, _ => Json(new string('[', 10_000) + new string(']', 10_000))),
        new("no entries", 400, _ => Json("""{"id":"x","topic":"page-views","pubsubname":"pubsub","type":"com.dapr.event.sent.bulk"}""")),
        new("entries that are an object", 400, s => Json($$"""{"entries":{{{Valid("0", s)[1..]}}}""")),
        new("entries twice", 400, s => Json($$"""{"entries":[{{Valid("0", s)}}],"entries":[]}""")),
        new("more entries than a batch holds", 400, s => Json($$"""{"entries":[{{ManyEntries(s, MaxMessages + 1)}}]}""")),
        new("a second value after the envelope", 400, s => Json(BulkDeliveries.Envelope([Valid("0", s)]) + "{}")),
        new("invalid UTF-8 in the envelope's id", 400, s => new([.. Encoding.UTF8.GetBytes(BulkDeliveries.Envelope([Valid("0", s)])[..^1] + ",\"x\":\""), 0xFF, .. "\"}"u8], "application/json")),
        new("a body larger than a batch of the largest page views", 413, s => Json(BulkDeliveries.Envelope([Valid("0", s)])[..^1] + ",\"pad\":\"" + new string('p', MaxBodyBytes) + "\"}")),
        new("a body of text/plain", 415, s => Json(BulkDeliveries.Envelope([Valid("0", s)]), "text/plain")),
        new("JSON in UTF-16", 415, s => Json(BulkDeliveries.Envelope([Valid("0", s)]), "application/json; charset=utf-16")),
        new("no entries at all, an empty array", null, _ => Json("""{"entries":[]}""")),
        new("members daprd does not send", null, s => Json(BulkDeliveries.Envelope([Valid("0", s)])[..^1] + ",\"extra\":{\"deep\":[1,2,{\"x\":null}]}}")),
        new("an entries member of another case", null, s => Json(BulkDeliveries.Envelope([Valid("0", s)])[..^1] + ",\"Entries\":42}")),
    ];

    private static IReadOnlyList<HostileBulkEntry> BuildEntries() =>
    [
        new("an event that is null", HostileEvents.InvalidCloudEvent, _ => BulkDeliveries.Entry("1", "null")),
        new("an event that is an array", HostileEvents.InvalidCloudEvent, s => BulkDeliveries.Entry("1", $"[{Event(s)}]")),
        new("an event that is a number", HostileEvents.InvalidCloudEvent, _ => BulkDeliveries.Entry("1", "42")),
        new("an event that is a string", HostileEvents.InvalidCloudEvent, s => BulkDeliveries.Entry("1", JsonSerializer.Serialize(Event(s)))),
        new("no event", HostileEvents.InvalidCloudEvent, _ => """{"entryId":"1","metadata":{},"contentType":"application/cloudevents+json"}"""),
        new("the event twice", HostileEvents.InvalidCloudEvent, s => $$"""{"entryId":"1","event":{{Event(s)}},"event":{{Event(s)}}}"""),
        new("an event nested 10,000 deep", HostileEvents.InvalidCloudEvent, _ => BulkDeliveries.Entry("1", new string('[', 10_000) + new string(']', 10_000))),
        new("an event of 1 MB", HostileEvents.PayloadTooLarge, s => BulkDeliveries.Entry("1", Encoding.UTF8.GetString(HostileEnvelopes.AsDaprdDelivers(s, s.Bytes(("page", "\"/" + new string('p', 1024 * 1024) + "\""))).Body))),
        new("a CloudEvent in UTF-16", HostileEvents.InvalidCloudEvent, s => BulkDeliveries.Entry("1", Event(s), HostileEnvelopes.CloudEventsJson + "; charset=utf-16")),
        new("a raw payload that is not base64", HostileEvents.InvalidCloudEvent, _ => BulkDeliveries.Entry("1", "\"***\"", "application/octet-stream")),
        new("a raw payload that is an object", HostileEvents.InvalidCloudEvent, s => BulkDeliveries.Entry("1", s.Json(), "application/json")),
        new("a raw payload of a page view in base64", null, s => BulkDeliveries.Entry("1", JsonSerializer.Serialize(Convert.ToBase64String(s.Bytes())), "application/octet-stream")),
        new("no content type (a CloudEvent, as daprd's default)", null, s => $$"""{"entryId":"1","event":{{Event(s)}}}"""),
        new("members daprd does not send", null, s => $$$"""{"entryId":"1","event":{{{Event(s)}}},"extra":[{"deep":{}}],"contentType":"application/cloudevents+json"}"""),
        new("no entry id", null, s => $$"""{"event":{{Event(s)}}}""", Unanswered: true),
        new("an empty entry id", null, s => BulkDeliveries.Entry("", Event(s)), Unanswered: true),
        new("an entry id that is a number", null, s => $$"""{"entryId":1,"event":{{Event(s)}}}""", Unanswered: true),
        new("the entry id twice", null, s => $$"""{"entryId":"1","entryId":"2","event":{{Event(s)}}}""", Unanswered: true),
        new("the id of the entry before it", null, s => BulkDeliveries.Entry("0", Event(s)), Unanswered: true),
        new("an entry that is a string", null, _ => "\"1\"", Unanswered: true),
        new("an entry that is null", null, _ => "null", Unanswered: true),
    ];
}

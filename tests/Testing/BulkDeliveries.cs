using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;

namespace DaprPredictor.Testing;

/// <summary>
/// The envelope daprd POSTs to a bulk subscription (dapr/dapr pkg/runtime/pubsub/bulksubscribe_events.go
/// NewBulkSubscribeEnvelope; entries numbered "0", "1", … as the Kafka component numbers a batch), each entry's event a
/// CloudEvent as <see cref="CloudEvents"/> writes it. The fake daprd's own bulk delivery writes the exact Go form.
/// </summary>
public static class BulkDeliveries
{
    public const string CloudEventsJson = "application/cloudevents+json";

    public static HttpContent For(params PageViewEvent[] events) => Of([.. events.Select(e => CloudEvents.EnvelopeJson(PageViewJson.Serialize(e)))]);

    /// <summary>One entry per event, each event's JSON text as given (a CloudEvent, or what a test puts in its place).</summary>
    public static HttpContent Of(params string[] events) => Json(Envelope(events.Select((e, i) => Entry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), e))));

    /// <summary>An entry as daprd writes it, with the event's JSON text as given.</summary>
    public static string Entry(string entryId, string eventJson, string contentType = CloudEventsJson) =>
        $$"""{"entryId":{{JsonSerializer.Serialize(entryId)}},"event":{{eventJson}},"metadata":{"partitionKey":"k"},"contentType":{{JsonSerializer.Serialize(contentType)}}}""";

    /// <summary>The envelope around entries given as JSON text.</summary>
    public static string Envelope(IEnumerable<string> entries) =>
        $$"""{"entries":[{{string.Join(',', entries)}}],"id":"{{Guid.NewGuid()}}","metadata":{"pubsubName":"pubsub"},"pubsubname":"pubsub","topic":"{{Topology.PageViewsTopic}}","type":"com.dapr.event.sent.bulk"}""";

    /// <summary>A body as daprd sends a bulk delivery: application/json, no charset.</summary>
    public static HttpContent Json(string body) => Bytes(Encoding.UTF8.GetBytes(body));

    public static HttpContent Bytes(byte[] body, string? contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}

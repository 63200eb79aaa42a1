using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Features;
using DaprPredictor.Testing;

namespace DaprPredictor.FeatureExtractor.Tests;

/// <summary>
/// What a dead letter's <see cref="DeadLetter.Payload"/> holds for a message as daprd really delivers it, and which bytes
/// the size limit is applied to. The deliveries are recorded shapes, Dapr 1.14–1.18 alike: an application/json publish
/// (the simulator's, through the gRPC PublishEvent) is wrapped by daprd, which parses the data with UseNumber and
/// marshals the whole envelope with Go's encoding/json (dapr/dapr <c>pkg/api/grpc/grpc.go</c> PublishEvent →
/// <c>pkg/runtime/pubsub/cloudevents.go</c> NewCloudEvent → components-contrib <c>pubsub/envelope.go</c>
/// NewCloudEventsEnvelope, then <c>json.Marshal(envelope)</c>): object keys sorted, the last of duplicate keys kept,
/// <c>&lt; &gt; &amp;</c> escaped as <c>\u003c \u003e \u0026</c>, numbers as written, non-ASCII as raw UTF-8, and data that is not
/// valid JSON stored as a JSON string. The subscriber's daprd posts the broker's bytes unchanged
/// (<c>pkg/runtime/subscription/subscription.go</c>, <c>postman/http/http.go</c>). The app takes <c>data</c> from the
/// envelope as it stands (<c>CloudEventReader</c>; the SDK's UseCloudEvents, which serialized it once more, is no longer run).
/// </summary>
public sealed class DeadLetterPayloadTests
{
    private const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static readonly int MaxEventBytes = new CleaningOptions().MaxEventBytes;

    /// <summary>What the producer published: a duplicate key, characters Go escapes, a non-ASCII value, a number with a trailing zero, a field we do not read.</summary>
    private const string Published = """{"userId":"u-1","eventId":"e-1","sessionId":"s-1","page":"/search?q=<shoes>&sort=price","timestamp":"noon","productId":"p-00042","category":"shoes","price":29.50,"referrer":"ü","eventId":"e-2"}""";

    /// <summary>The same event as daprd delivers it inside the envelope.</summary>
    private const string DeliveredData = """{"category":"shoes","eventId":"e-2","page":"/search?q=\u003cshoes\u003e\u0026sort=price","price":29.50,"productId":"p-00042","referrer":"ü","sessionId":"s-1","timestamp":"noon","userId":"u-1"}""";

    [Fact]
    public async Task TheDeadLetterKeepsTheDataAsDaprdDeliveredItNotThePublishedBytes()
    {
        using var app = new FeatureExtractorFactory();

        Assert.Equal("DROP", await app.DeliverAsync(Delivered(DeliveredData)));

        var letter = Assert.Single(app.DeadLetters);
        Assert.Equal(("invalid-timestamp", "e-2"), (letter.Reason, letter.EventId));
        // Exactly daprd's data: its order, its escapes and values; the unknown field is kept (a re-serialized event would
        // have dropped it and reordered the rest).
        Assert.Equal(DeliveredData, letter.Payload);
        Assert.NotEqual(Published, letter.Payload);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(DeliveredData), JsonNode.Parse(letter.Payload)), "the same JSON as daprd delivered");
        Assert.Equal("e-2", JsonNode.Parse(letter.Payload)!["eventId"]!.GetValue<string>()); // the first "e-1" is gone: daprd kept the last
    }

    [Fact]
    public async Task DataThatWasNotJsonArrivesAsAJsonStringAndTheDeadLetterKeepsThatStringWhoseValueIsThePublishedText()
    {
        using var app = new FeatureExtractorFactory();
        const string published = """{"eventId":"e-1","userId":"u-1",""";

        // NewCloudEventsEnvelope: unmarshalPrecise fails, so data = string(published), marshalled as a JSON string.
        Assert.Equal("DROP", await app.DeliverAsync(Delivered("""
            "{\"eventId\":\"e-1\",\"userId\":\"u-1\","
            """)));

        var letter = Assert.Single(app.DeadLetters);
        Assert.Equal("malformed-json", letter.Reason);
        Assert.Equal("\"{\\\"eventId\\\":\\\"e-1\\\",\\\"userId\\\":\\\"u-1\\\",\"", letter.Payload);
        Assert.Equal(published, JsonSerializer.Deserialize<string>(letter.Payload));
    }

    [Fact]
    public async Task TheSizeLimitAppliesToTheDataTheHandlerReceivesNotToTheEnvelope()
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(new PurchaseFeatures(1, 10, 10, 3, ColdStart: false));
        app.ScorerAnswers(0.4);
        var e = CloudEvents.PageView();
        var data = PageViewJson.Serialize(e)[..^1] + ",\"padding\":\"\"}";
        data = data.Insert(data.Length - 2, new string('x', MaxEventBytes - 64 - Encoding.UTF8.GetByteCount(data)));
        using var delivery = Delivered(data);
        Assert.True(delivery.Headers.ContentLength > MaxEventBytes, "the envelope must exceed the limit for this test");

        Assert.Equal("SUCCESS", await app.DeliverAsync(delivery));

        Assert.Empty(app.DeadLetters);
        Assert.Equal(1, app.Counts.Scored);
    }

    [Fact]
    public async Task APageViewWithinTheLimitAsPublishedButOverItAsDaprdEscapedItIsTooLargeAndItsReceivedSizeIsRecorded()
    {
        using var app = new FeatureExtractorFactory();
        // 11,000 '<' are 11,000 bytes as published, 66,000 once daprd has escaped each as \u003c.
        var data = $$"""{"eventId":"e-1","page":"{{string.Concat(Enumerable.Repeat("\\u003c", 11_000))}}","sessionId":"s-1","timestamp":"2026-03-01T12:00:00Z","userId":"u-1"}""";
        using var delivery = Delivered(data);
        var envelopeBytes = delivery.Headers.ContentLength!.Value;

        Assert.Equal("DROP", await app.DeliverAsync(delivery));

        var letter = Assert.Single(app.DeadLetters);
        Assert.Equal("payload-too-large", letter.Reason);
        var received = long.Parse(letter.Payload.TrimStart('<').Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"<{received} bytes, not kept>", letter.Payload);
        Assert.InRange(received, MaxEventBytes + 1, envelopeBytes - 1);
    }

    /// <summary>A delivery shaped as daprd posts it: the envelope marshalled by Go (keys sorted, no whitespace), content type without charset.</summary>
    private static ByteArrayContent Delivered(string data)
    {
        var envelope = $$"""{"data":{{data}},"datacontenttype":"application/json","id":"6d1f0a52-3c1e-4a8e-9a53-0c2f4b8f9e11","pubsubname":"{{Topology.PubSubComponent}}","source":"{{Topology.ClickstreamSimulatorAppId}}","specversion":"1.0","time":"2026-03-01T12:00:00Z","topic":"{{Topology.PageViewsTopic}}","traceid":"{{TraceParent}}","traceparent":"{{TraceParent}}","tracestate":"","type":"com.dapr.event.sent"}""";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(envelope));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");
        return content;
    }
}

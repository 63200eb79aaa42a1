using System.Text.Json;
using Dapr.AspNetCore;
using DaprPredictor.FakeDaprd.PubSub;

namespace DaprPredictor.FakeDaprd.Tests.Delivery;

/// <summary>
/// Bulk subscribe with Kafka's native batching (components-contrib common/component/kafka/consumer.go: a batch per
/// partition, up to maxMessagesCount or when maxAwaitDurationMs passes) and daprd's per-entry fates (dapr/dapr
/// pkg/runtime/subscription/bulksubscription.go, bulkresiliency.go, postman/http/http.go DeliverBulk). Dapr 1.14–1.18.
/// </summary>
public sealed class BulkDeliveryTests
{
    [Fact]
    public async Task AKeysMessagesComeInBatchesOfAtMostMaxMessagesCountAndEachEntryGetsItsOwnFate()
    {
        await using var rig = await DeliveryRig.StartAsync(DeliveryRetryPolicy.Constant(TimeSpan.FromMilliseconds(10), 3));
        rig.App.BulkAnswer = (order, attempt) => order.N switch
        {
            2 when attempt == 1 => BulkSubscribeAppResponseStatus.RETRY,
            5 => BulkSubscribeAppResponseStatus.DROP,
            _ => BulkSubscribeAppResponseStatus.SUCCESS,
        };

        for (var n = 0; n < 10; n++) await rig.PublishAsync(new Order($"o-{n}", "c-1", n), SubscriberApp.Batch);
        await rig.UntilAsync(() => rig.App.On(SubscriberApp.DeadLetters).Any(), "the dropped entry's dead letter");
        await rig.SettledAsync();

        var batches = rig.App.Batches.ToList();
        Assert.All(batches, b => Assert.InRange(b.Count, 1, 4));
        // Each order once, in order, and the retried one once more, alone: only failed entries are delivered again.
        var delivered = batches.SelectMany(b => b).Select(o => o.N).ToList();
        Assert.Equal(Enumerable.Range(0, 10), delivered.Distinct());
        Assert.Equal(11, delivered.Count);
        Assert.Single(batches, b => b is [{ N: 2 }]);
        var dead = Assert.Single(rig.App.On(SubscriberApp.DeadLetters));
        Assert.Equal("o-5", dead.CloudEvent.GetProperty("data").GetProperty("id").GetString());
        var stats = rig.Stats(SubscriberApp.Batch);
        Assert.Equal((10L, 9L, 1L, 1L, 0L), (stats.Received, stats.Succeeded, stats.Retries, stats.DeadLettered, stats.HandedBack));
        Assert.Equal(stats.Deliveries, rig.Daprd.Calls["DeliverBulk"]);
    }

    [Fact]
    public async Task EntriesStillFailingWhenTheRetriesAreSpentGoToTheDeadLetterTopicAndTheBatchIsAcknowledged()
    {
        await using var rig = await DeliveryRig.StartAsync(DeliveryRetryPolicy.Constant(TimeSpan.FromMilliseconds(10), 2), maxBatch: 3);
        rig.App.BulkAnswer = (order, _) => order.N == 1 ? BulkSubscribeAppResponseStatus.RETRY : BulkSubscribeAppResponseStatus.SUCCESS;

        for (var n = 0; n < 3; n++) await rig.PublishAsync(new Order($"o-{n}", "c-1", n), SubscriberApp.Batch);
        await rig.UntilAsync(() => rig.App.On(SubscriberApp.DeadLetters).Any(), "the dead letter");
        await rig.SettledAsync();

        // However the batch was cut, order 1 came three times (the policy's two retries, each alone) and the others once.
        var delivered = rig.App.Batches.SelectMany(b => b).GroupBy(o => o.N).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<int, int> { [0] = 1, [1] = 3, [2] = 1 }, delivered);
        Assert.Equal(2, rig.App.Batches.Count(b => b is [{ N: 1 }]));
        Assert.Equal("o-1", Assert.Single(rig.App.On(SubscriberApp.DeadLetters)).CloudEvent.GetProperty("data").GetProperty("id").GetString());
        var stats = rig.Stats(SubscriberApp.Batch);
        Assert.Equal((3L, 2L, 3L, 1L, 0L), (stats.Deliveries, stats.Succeeded, stats.Retries, stats.DeadLettered, stats.HandedBack));
    }

    [Fact]
    public async Task TheBulkEnvelopeNumbersEntriesAndCarriesEachCloudEventAsGoReadIt()
    {
        var captured = new List<JsonElement>();
        // A batch is sent when it is full: an await far longer than a loaded machine takes between the two publishes.
        await using var capturing = await DeliveryRig.StartAsync(maxBatch: 2, wrapApp: app => new CapturingHandler(app, captured), awaitMs: 30_000);

        await capturing.Client.PublishByteEventAsync(SubscriberApp.PubSub, SubscriberApp.Batch, """{"id":"o-0","customer":"c-1","n":0,"price":12.50}"""u8.ToArray(), "application/json", new Dictionary<string, string> { ["partitionKey"] = "c-1" });
        await capturing.Client.PublishByteEventAsync(SubscriberApp.PubSub, SubscriberApp.Batch, """{"id":"o-1","customer":"c-1","n":1,"price":3}"""u8.ToArray(), "application/json", new Dictionary<string, string> { ["partitionKey"] = "c-1" });
        await capturing.SettledAsync();

        var envelope = Assert.Single(captured);
        Assert.Equal(["entries", "id", "metadata", "pubsubname", "topic", "type"], envelope.EnumerateObject().Select(m => m.Name));
        Assert.Equal(("com.dapr.event.sent.bulk", SubscriberApp.Batch, SubscriberApp.PubSub), (envelope.GetProperty("type").GetString(), envelope.GetProperty("topic").GetString(), envelope.GetProperty("pubsubname").GetString()));
        var entries = envelope.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["0", "1"], entries.Select(e => e.GetProperty("entryId").GetString()));
        Assert.All(entries, e => Assert.Equal("application/cloudevents+json", e.GetProperty("contentType").GetString()));
        Assert.Equal("c-1", entries[0].GetProperty("metadata").GetProperty("__key").GetString());
        Assert.Equal(["12.5", "3"], entries.Select(e => e.GetProperty("event").GetProperty("data").GetProperty("price").GetRawText()));
        Assert.Equal("com.dapr.event.sent", entries[0].GetProperty("event").GetProperty("type").GetString());
    }

    /// <summary>Keeps the body of each bulk delivery on its way to the app.</summary>
    private sealed class CapturingHandler(HttpMessageHandler inner, List<JsonElement> envelopes) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content && request.RequestUri!.AbsolutePath.EndsWith("/batch", StringComparison.Ordinal))
            {
                var body = await content.ReadAsByteArrayAsync(cancellationToken);
                lock (envelopes) envelopes.Add(JsonDocument.Parse(body).RootElement.Clone());
                request.Content = new ByteArrayContent(body) { Headers = { ContentType = content.Headers.ContentType } };
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}

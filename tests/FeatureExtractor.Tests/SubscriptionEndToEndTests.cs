using System.Text;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.FakeDaprd;
using DaprPredictor.FakeDaprd.Hosting;
using DaprPredictor.FakeDaprd.PubSub;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Testing;
using Xunit.Abstractions;

namespace DaprPredictor.FeatureExtractor.Tests;

/// <summary>
/// A clickstream published through a simulator's sidecar and delivered by the feature extractor's fake daprd as daprd
/// delivers (it reads <c>GET /dapr/subscribe</c>, then delivers from a Kafka-like partition, one message at a time or in
/// bulk batches), once with the single-event route and once with bulk subscribe. The feature extractor's sidecar counts
/// every call its app makes and every delivery it makes to the app: the sidecar calls per event of each design.
/// </summary>
public class SubscriptionEndToEndTests(ITestOutputHelper output)
{
    private const int Users = 10;
    private const int EventsPerUser = 4;
    private const int Batch = 20;

    /// <summary>
    /// Per event, single: a delivery, a state read, a state save, a publish and a scorer invocation (5), plus one
    /// offline-features invocation per new session (10 users: 0.25). Bulk, 40 events in 2 batches of 20: 2 of each of
    /// the first five, plus one offline-features invocation for the first batch's 10 new sessions together (11 calls,
    /// 0.275 per event; it was 20 with one lookup per new session).
    /// </summary>
    [Theory]
    [InlineData(false, 210)]
    [InlineData(true, 11)]
    public async Task AClickstreamDeliveredByTheSidecarIsScoredInOrderWithTheSidecarCallsOfItsDesign(bool bulk, int expectedCalls)
    {
        using var app = new FeatureExtractorFactory
        {
            Settings = bulk ? FeatureExtractorFactory.BulkSettings(Batch) : new Dictionary<string, string>(),
            Broker = new BrokerOptions { Partitions = 1 },
        };
        app.OfflineFeaturesAnswer(new PurchaseFeatures(1, 40, 40, 30, ColdStart: false));
        app.ScorerAnswers(v => 0.01 * v[FeatureSchema.Names.ToList().IndexOf("session_events")]);
        var subscriptions = await app.SubscribeAsync();
        Assert.Equal(bulk, subscriptions.Single(s => s.Topic == Topology.PageViewsTopic).BulkSubscribe is not null);

        var simulator = new Daprd(app.Clock, new DaprdOptions { AppId = Topology.ClickstreamSimulatorAppId, StateStores = [] }, app.Dapr.Backends);
        await using (var host = await DaprdHost.StartAsync(simulator))
        using (var client = host.CreateClient())
        {
            for (var i = 0; i < EventsPerUser; i++)
            {
                for (var u = 0; u < Users; u++)
                {
                    var e = CloudEvents.PageView($"e-{u}-{i}", $"u-{u}", FeatureExtractorFactory.Now.AddSeconds(i * 10 - 60));
                    await client.PublishByteEventAsync(Topology.PubSubComponent, Topology.PageViewsTopic, Encoding.UTF8.GetBytes(PageViewJson.Serialize(e)), "application/json",
                        new Dictionary<string, string> { ["partitionKey"] = $"u-{u}" });
                }
            }
        }

        await Eventually.Until(() => app.Counts.Scored == Users * EventsPerUser, "every event scored");
        await Eventually.Until(() => app.Dapr.Broker.Backlog == 0, "every delivery acknowledged");

        for (var u = 0; u < Users; u++)
        {
            var stored = app.Dapr.StateStore().Get(PageViewProcessor.StateKey($"u-{u}"))!;
            var state = JsonSerializer.Deserialize(stored.Data, ContractsJsonContext.Default.UserState)!;
            Assert.Equal((EventsPerUser, $"e-{u}-{EventsPerUser - 1}"), (state.Window.EventCount, state.LatestPrediction!.EventId));
        }

        var byUser = app.Dapr.PublishedTo(Topology.PredictionsTopic).Select(m => JsonSerializer.Deserialize(m.Json, ContractsJsonContext.Default.Prediction)!).GroupBy(p => p.UserId);
        Assert.All(byUser, predictions => Assert.Equal(Enumerable.Range(1, EventsPerUser).Select(n => 0.01 * n), predictions.Select(p => Math.Round(p.Probability, 6))));
        var counts = app.Counts;
        Assert.Equal((40L, 40L, 0L, 0L), (counts.Received, counts.Scored, counts.Retried, counts.DeadLetteredTotal));

        var calls = app.Dapr.Calls.Where(c => c.Key != "ListSubscriptions").OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
        output.WriteLine($"{(bulk ? "bulk" : "single")}: {string.Join(", ", calls.Select(c => $"{c.Key} {c.Value}"))}; {calls.Sum(c => c.Value) / (double)(Users * EventsPerUser):0.###} sidecar calls per event");
        Assert.Equal(expectedCalls, calls.Sum(c => c.Value));
        Assert.Equal(bulk ? 2 : 40, app.Dapr.Calls.GetValueOrDefault(bulk ? "DeliverBulk" : "Deliver"));
    }
}

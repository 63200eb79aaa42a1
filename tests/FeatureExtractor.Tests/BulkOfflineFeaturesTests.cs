using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.FakeDaprd;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Testing;

namespace DaprPredictor.FeatureExtractor.Tests;

/// <summary>
/// The bulk path's offline features on the fake daprd: one <c>POST /features/batch</c> through the sidecar for every user
/// and session start a batch lacks, with the single lookup's deadline and cold-start fallback for the batch as a whole.
/// The sidecar's failures are daprd's (tests/FakeDaprd/Http/SidecarHttpApi.cs: ERR_DIRECT_INVOKE), alike on Dapr 1.14–1.18.
/// </summary>
public class BulkOfflineFeaturesTests
{
    private static readonly PurchaseFeatures Buyer = new(3, 120, 40, 12.5, ColdStart: false);

    private static readonly int PurchaseCount = FeatureSchema.Names.ToList().IndexOf("purchase_count");

    private static FeatureExtractorFactory NewApp(Dictionary<string, string>? more = null)
    {
        var settings = FeatureExtractorFactory.BulkSettings();
        foreach (var (key, value) in more ?? []) settings[key] = value;
        var app = new FeatureExtractorFactory { Settings = settings };
        app.ScorerAnswers(v => v[PurchaseCount] / 10.0);
        return app;
    }

    private static PageViewEvent View(string eventId, string userId, int second, string sessionId = "s-1") =>
        CloudEvents.PageView(eventId, userId, FeatureExtractorFactory.Now.AddSeconds(second - 60), "/product/p-00042", sessionId);

    private static Prediction[] Predictions(FeatureExtractorFactory app) =>
        [.. app.Dapr.PublishedTo(Topology.PredictionsTopic).Select(m => JsonSerializer.Deserialize(m.Json, ContractsJsonContext.Default.Prediction)!)];

    private static UserState? State(FeatureExtractorFactory app, string userId)
    {
        var stored = app.Dapr.StateStore(Topology.StateStoreComponent).Get(PageViewProcessor.StateKey(userId));
        return stored is null ? null : JsonSerializer.Deserialize(stored.Data, ContractsJsonContext.Default.UserState);
    }

    /// <summary>Every call the app made to its sidecar, by method (gRPC methods, and "invoke" for service invocation).</summary>
    private static long SidecarCalls(FeatureExtractorFactory app) => app.Dapr.Calls.Where(c => c.Key is not ("healthz" or "healthz/outbound")).Sum(c => c.Value);

    private static void AssertCountsAddUp(PipelineCounts counts) =>
        Assert.Equal(counts.Received, counts.Scored + counts.Duplicates + counts.DeadLetteredTotal + counts.Retried);

    [Fact]
    public async Task ABatchOfTwentyNewUsersMakesExactlyOneOfflineInvocation()
    {
        using var app = NewApp();
        app.OfflineFeaturesAnswer(Buyer);
        var events = Enumerable.Range(0, 20).Select(i => View($"e-{i}", $"u-{i:00}", i)).ToArray();

        var statuses = await app.DeliverBulkStatusesAsync(BulkDeliveries.For(events));

        Assert.All(statuses, s => Assert.Equal("SUCCESS", s));
        var batch = Assert.Single(app.OfflineBatches);
        Assert.Equal(events.Select(e => e.UserId), batch.Select(p => p.UserId));
        Assert.Equal(0, app.Apps.LogEntries.Count(e => e.RequestMessage.Path == "/features"));
        // One bulk read, two invocations (offline features, scorer), one bulk publish, one bulk save: 5 calls for 20 events.
        Assert.Equal((1L, 2L, 1L, 1L), (app.Dapr.Calls.GetValueOrDefault("GetBulkState"), app.Dapr.Calls.GetValueOrDefault("invoke"), app.Dapr.Calls.GetValueOrDefault("BulkPublishEvent"), app.Dapr.Calls.GetValueOrDefault("SaveState")));
        Assert.Equal(5L, SidecarCalls(app));
        Assert.All(Predictions(app), p => Assert.Equal((false, 0.3), (p.Degraded, Math.Round(p.Probability, 6))));
        Assert.All(events, e => Assert.Equal(Buyer, State(app, e.UserId!)!.SessionOffline!.Features));
        var counts = app.Counts;
        Assert.Equal((20L, 20L, 0L), (counts.Received, counts.Scored, counts.Degraded));
        AssertCountsAddUp(counts);
    }

    [Fact]
    public async Task EachPairIsAskedAsOfItsOwnSessionStartAndKnownSessionsAreNotAskedAgain()
    {
        using var app = NewApp();
        app.OfflineFeaturesAnswer(Buyer);
        Assert.Equal(["SUCCESS"], await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-1", "u-1", 0))));

        // u-1 goes on in its session (kept in its state); u-2 is new; u-3 has two sessions in this batch (31 minutes apart).
        var statuses = await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-2", "u-1", 10), View("e-3", "u-2", 0), View("e-4", "u-3", -3000), View("e-5", "u-3", -1000)));

        Assert.Equal(["SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS"], statuses);
        Assert.Equal(2, app.OfflineBatches.Count);
        var second = app.OfflineBatches[1];
        Assert.Equal(["u-2", "u-3", "u-3"], second.Select(p => p.UserId));
        Assert.Equal([FeatureExtractorFactory.Now.AddSeconds(-60), FeatureExtractorFactory.Now.AddSeconds(-3060), FeatureExtractorFactory.Now.AddSeconds(-1060)], second.Select(p => p.AsOf));
    }

    [Fact]
    public async Task AFailingOfflineFeaturesDegradesExactlyThePredictionsThatNeededItAndFailsNothing()
    {
        using var app = NewApp(new() { ["Pipeline:OfflineFeaturesTimeout"] = "00:00:10" });
        app.OfflineFeaturesAnswer(Buyer);
        Assert.Equal(["SUCCESS"], await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-1", "u-1", 0))));
        var invokes = 0;
        app.Dapr.Fail = operation => operation == "invoke:" + Topology.OfflineFeaturesAppId && Interlocked.Increment(ref invokes) > 0 ? DaprdFailures.Unavailable : null;

        var statuses = await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-2", "u-1", 10), View("e-3", "u-2", 0), View("e-4", "u-3", 0), View("e-5", "u-2", 5)));

        Assert.Equal(["SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS"], statuses);
        Assert.Equal(1, Volatile.Read(ref invokes));
        // u-1 kept its session's features; u-2 and u-3 were scored on cold-start values, marked degraded, and ask again next time.
        var degraded = Predictions(app).Skip(1).ToDictionary(p => p.EventId, p => p.Degraded);
        Assert.Equal(new Dictionary<string, bool> { ["e-2"] = false, ["e-3"] = true, ["e-4"] = true, ["e-5"] = true }, degraded);
        Assert.Null(State(app, "u-2")!.SessionOffline);
        Assert.Equal(Buyer, State(app, "u-1")!.SessionOffline!.Features);
        var counts = app.Counts;
        Assert.Equal((5L, 5L, 3L, 0L), (counts.Received, counts.Scored, counts.Degraded, counts.Retried));
        AssertCountsAddUp(counts);

        app.Dapr.Fail = _ => null;
        Assert.Equal(["SUCCESS"], await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-6", "u-2", 20))));
        Assert.False(Predictions(app)[^1].Degraded);
    }

    [Fact]
    public async Task ASlowOfflineFeaturesHoldsTheBatchOnlyUntilTheDeadlineAndDegradesItsNewSessions()
    {
        var slowness = TimeSpan.FromSeconds(10);
        using var app = NewApp(new() { ["Pipeline:OfflineFeaturesTimeout"] = "00:00:01.500" });
        app.OfflineFeaturesAnswer(Buyer, delay: slowness);

        var statuses = await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-1", "u-1", 0), View("e-2", "u-2", 0)));

        Assert.Equal(["SUCCESS", "SUCCESS"], statuses);
        // Degraded means the deadline ended the call: the answer, 10 s later, would have been a buyer's features.
        Assert.All(Predictions(app), p => Assert.True(p.Degraded));
        Assert.Equal((2L, 2L), (app.Counts.Scored, app.Counts.Degraded));
    }
}

using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Testing;

namespace DaprPredictor.FeatureExtractor.Tests;

/// <summary>
/// Concurrent events of one user through the real DaprClient against the fake daprd, whose state store behaves as
/// state.redis (Dapr 1.14–1.18): a first write without an ETag that loses the race fails there with gRPC Internal, not
/// Aborted, so the SDK throws instead of returning false. The window must still end with both events, without RETRY.
/// </summary>
public sealed class WindowRaceTests
{
    private static readonly PurchaseFeatures Buyer = new(3, 120, 40, 12.5, ColdStart: false);

    [Fact]
    public async Task TwoConcurrentFirstEventsOfOneUserEndInOneWindowWithBothEventsWithoutRetry()
    {
        using var app = Started();
        HoldFirstSaves(app, 2);

        var fates = await Task.WhenAll(
            app.DeliverAsync(CloudEvents.For(CloudEvents.PageView("e-1", "u-1", FeatureExtractorFactory.Now.AddSeconds(-2)))),
            app.DeliverAsync(CloudEvents.For(CloudEvents.PageView("e-2", "u-1", FeatureExtractorFactory.Now.AddSeconds(-1)))));

        Assert.Equal(["SUCCESS", "SUCCESS"], fates);
        AssertOneWindowWith(app, "e-1", "e-2");
    }

    [Fact]
    public async Task TwoConcurrentEventsOfAUserWhoseWindowExpiredEndInOneNewWindowWithoutRetry()
    {
        using var app = Started();
        Assert.Equal("SUCCESS", await app.DeliverAsync(CloudEvents.For(CloudEvents.PageView("e-0", "u-1", FeatureExtractorFactory.Now.AddSeconds(-1)))));
        app.Clock.Advance(TimeSpan.FromHours(2));
        var now = app.Clock.GetUtcNow();
        HoldFirstSaves(app, 2);

        var fates = await Task.WhenAll(
            app.DeliverAsync(CloudEvents.For(CloudEvents.PageView("e-1", "u-1", now.AddSeconds(-2), sessionId: "s-2"))),
            app.DeliverAsync(CloudEvents.For(CloudEvents.PageView("e-2", "u-1", now.AddSeconds(-1), sessionId: "s-2"))));

        Assert.Equal(["SUCCESS", "SUCCESS"], fates);
        AssertOneWindowWith(app, "e-1", "e-2");
    }

    [Fact]
    public async Task AnInternalFailureOfAFirstWriteWhenNoWindowWasStoredIsStillARetry()
    {
        using var app = Started();
        app.Dapr.Fail = operation => operation == "state.save" ? FakeDaprd.DaprdFailures.Internal("redis: connection pool timeout") : null;

        Assert.Equal("RETRY", await app.DeliverAsync(CloudEvents.For(CloudEvents.PageView("e-1", "u-1", FeatureExtractorFactory.Now.AddSeconds(-1)))));
        Assert.Equal((1L, 0L), (app.Counts.Retried, app.Counts.StateConflicts));
    }

    private static FeatureExtractorFactory Started()
    {
        var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.5);
        return app;
    }

    /// <summary>
    /// The next <paramref name="count"/> window saves are made only once all of them have arrived: each delivery reads its
    /// window before it saves, so every delivery has read "no window" before any save is made. (Holding the reads instead
    /// is a race: a released read is answered when its continuation runs, which on a loaded machine can be after another
    /// delivery's save, and then nothing conflicts.)
    /// </summary>
    private static void HoldFirstSaves(FeatureExtractorFactory app, int count)
    {
        var arrived = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Dapr.BeforeCall = (operation, cancellationToken) =>
        {
            if (operation != "state.save") return Task.CompletedTask;
            var n = Interlocked.Increment(ref arrived);
            if (n == count) all.SetResult();
            return n <= count ? all.Task.WaitAsync(cancellationToken) : Task.CompletedTask;
        };
    }

    private static void AssertOneWindowWith(FeatureExtractorFactory app, params string[] eventIds)
    {
        var stored = app.Dapr.StateStore(Topology.StateStoreComponent).Get(PageViewProcessor.StateKey("u-1"));
        Assert.NotNull(stored);
        var window = JsonSerializer.Deserialize(stored.Data, ContractsJsonContext.Default.UserState)!.Window;
        Assert.Equal(eventIds, window.RecentEventIds.Intersect(eventIds).Order(StringComparer.Ordinal));
        Assert.Equal(eventIds.Length, window.EventCount);

        var counts = app.Counts;
        Assert.Equal((0L, 1L), (counts.Retried, counts.StateConflicts));

        // The losing attempt had already published its prediction (publish precedes save, by design): each event has a
        // prediction, the loser's event two, the newest of which was made from the window holding both events.
        var predictions = app.Dapr.PublishedTo(Topology.PredictionsTopic).Select(m => JsonSerializer.Deserialize(m.Json, ContractsJsonContext.Default.Prediction)!.EventId).Where(eventIds.Contains).ToList();
        Assert.Equal(eventIds, predictions.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(eventIds.Length + 1, predictions.Count);
    }
}

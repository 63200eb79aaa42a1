using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Windows;
using DaprPredictor.Pipeline.Predictions;
using static DaprPredictor.Pipeline.Tests.Predictions.ProcessorRig;

namespace DaprPredictor.Pipeline.Tests.Predictions;

/// <summary>
/// What a scored event becomes: the vector of its session so far and of its user's history as of the session start,
/// the prediction published and remembered, and how offline features are looked up, kept for the session, and
/// replaced by cold-start values (a degraded prediction) when the lookup fails or is too slow.
/// </summary>
public sealed class ScoringTests
{
    /// <summary>Two purchases, 40 and 20, the newer one a day before the session.</summary>
    private static readonly PurchaseFeatures Buyer = new(2, 60, 30, 1, ColdStart: false);

    private static readonly (float, float, float, float) BuyerSlots = (2, 60, 30, 1);

    [Fact]
    public async Task TheScorerSeesTheSessionSoFarAndTheHistoryAsOfItsStartAndItsAnswerIsPublished()
    {
        var rig = new ProcessorRig();
        rig.Offline.Answer = Buyer;

        await rig.DeliverAsync(View("e1", TimeSpan.Zero, "/"));
        var result = await rig.DeliverAsync(View("e2", TimeSpan.FromSeconds(90), "/product/p-1", price: 30));

        Assert.Equal(EventFate.Scored, result.Fate);
        var expected = Vectors.Of(
            ("last_page_product", 1), ("second_last_page_home", 1), ("third_last_page_none", 1), ("entry_page_home", 1),
            ("count_home", 1), ("count_product", 1),
            ("session_events", 2), ("session_seconds", 90), ("seconds_since_previous", 90), ("mean_viewed_price", 30),
            ("purchase_count", 2), ("total_spend", 60), ("mean_last_three_purchases", 30), ("days_since_last_purchase", 1));
        Assert.Equal(expected, rig.Scorer.Seen[1]);

        // The recording scorer answers the logistic of the vector's sum over 100: here 311 / 100.
        var prediction = result.Prediction!;
        Assert.Equal(
            new Prediction("u-1", "s-1", "e2", 1 / (1 + Math.Exp(-3.11)), "m-test", FeatureSchema.Version, Degraded: false, T.AddSeconds(90) + Transit, prediction.LatencyMs),
            prediction);
        Assert.True(prediction.LatencyMs >= 0);
        Assert.Equal(prediction, rig.Publisher.Predictions[1]);
        Assert.Equal(("predictions", "u-1"), (rig.Publisher.Messages[1].Topic, rig.Publisher.Messages[1].PartitionKey));
    }

    [Fact]
    public async Task TheWindowAndTheLatestPredictionAreSavedUnderTheDocumentedKeyForTheSessionTimeoutAndAMinute()
    {
        var rig = new ProcessorRig();

        var result = await rig.DeliverAsync(View("e1", TimeSpan.Zero));

        var save = Assert.Single(rig.State.Calls, c => c.Operation == "try-save");
        Assert.Equal(("window|u-1", TimeSpan.FromMinutes(31)), (save.Key, save.Ttl));
        Assert.Equal(result.Prediction, await rig.Processor.LatestAsync("u-1", CancellationToken.None));
        var stored = (await rig.StoredAsync())!;
        Assert.Equal((1, T, "e1"), (stored.Window.EventCount, stored.Window.SessionStart, stored.LatestPrediction!.EventId));
    }

    [Fact]
    public async Task TheLatestPredictionIsForgottenWithTheWindowOnceItsTTLHasPassed()
    {
        var rig = new ProcessorRig();
        await rig.DeliverAsync(View("e1", TimeSpan.Zero));

        rig.Clock.Advance(new WindowOptions().StateTtl - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await rig.Processor.LatestAsync("u-1", CancellationToken.None));
        rig.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await rig.Processor.LatestAsync("u-1", CancellationToken.None));
        Assert.Null(await rig.Processor.LatestAsync("u-2", CancellationToken.None));
    }

    [Fact]
    public async Task EveryEventOfASessionUsesTheHistoryAsOfTheSessionStartLookedUpOnce()
    {
        var rig = new ProcessorRig();
        rig.Offline.Answer = Buyer;

        await rig.DeliverAsync(View("e1", TimeSpan.Zero));
        rig.Offline.Answer = PurchaseFeatures.ColdStartDefaults; // what a second lookup would get: it must not happen
        var results = await rig.DeliverAllAsync(View("e2", TimeSpan.FromMinutes(1)), View("e3", TimeSpan.FromMinutes(2)));

        Assert.Equal([("u-1", T)], rig.Offline.Lookups);
        Assert.All(rig.Scorer.Seen, vector => Assert.Equal(BuyerSlots, Vectors.Offline(vector)));
        Assert.All(results, r => Assert.False(r.Prediction!.Degraded));
        Assert.Equal(new UserOfflineFeatures("u-1", T, Buyer), (await rig.StoredAsync())!.SessionOffline);
    }

    [Fact]
    public async Task ANewSessionLooksUpTheHistoryAgainAsOfItsOwnStart()
    {
        var rig = new ProcessorRig();

        await rig.DeliverAllAsync(
            View("e1", TimeSpan.Zero, session: "s-1"),
            View("e2", TimeSpan.FromMinutes(10), session: "s-2"), // another session id
            View("e3", TimeSpan.FromMinutes(11), session: "s-2"),
            View("e4", TimeSpan.FromMinutes(42), session: "s-2")); // the same id after more than 30 minutes without a page view

        Assert.Equal([("u-1", T), ("u-1", T.AddMinutes(10)), ("u-1", T.AddMinutes(42))], rig.Offline.Lookups);
    }

    [Fact]
    public async Task AFailedLookupGivesADegradedPredictionFromColdStartValuesAndIsRetriedOnTheNextEvent()
    {
        var rig = new ProcessorRig();
        rig.Offline.Failure = new HttpRequestException("offline-features is down");

        var first = await rig.DeliverAsync(View("e1", TimeSpan.Zero));
        rig.Offline.Failure = null;
        rig.Offline.Answer = Buyer;
        var second = await rig.DeliverAsync(View("e2", TimeSpan.FromMinutes(1)));

        Assert.Equal((EventFate.Scored, true), (first.Fate, first.Prediction!.Degraded));
        Assert.Equal(Vectors.ColdStart, Vectors.Offline(rig.Scorer.Seen[0]));
        Assert.Equal((EventFate.Scored, false), (second.Fate, second.Prediction!.Degraded));
        Assert.Equal(BuyerSlots, Vectors.Offline(rig.Scorer.Seen[1]));
        Assert.Equal([("u-1", T), ("u-1", T)], rig.Offline.Lookups); // both as of the session start
        Assert.Equal((2, 1), (rig.Metrics.Snapshot().Scored, rig.Metrics.Snapshot().Degraded));
    }

    [Fact]
    public async Task ALookupPastItsDeadlineGivesADegradedPredictionInsteadOfBlockingTheStream()
    {
        var rig = new ProcessorRig();
        rig.Settings.OfflineFeaturesTimeout = TimeSpan.FromMilliseconds(20);
        rig.Offline.Hang = true;

        var result = await rig.DeliverAsync(View("e1", TimeSpan.Zero));

        Assert.Equal((EventFate.Scored, true), (result.Fate, result.Prediction!.Degraded));
        Assert.Equal(Vectors.ColdStart, Vectors.Offline(Assert.Single(rig.Scorer.Seen)));
        Assert.Null((await rig.StoredAsync())!.SessionOffline); // nothing kept: the next event asks again
    }

    [Fact]
    public async Task ShutdownWhileWaitingForTheHistoryAbandonsTheEventWithoutATraceOrARetryCount()
    {
        var rig = new ProcessorRig();
        rig.Settings.OfflineFeaturesTimeout = TimeSpan.FromSeconds(30);
        rig.Offline.Hang = true;
        using var shutdown = new CancellationTokenSource();

        var processing = rig.DeliverAsync(View("e1", TimeSpan.Zero), cancellationToken: shutdown.Token);
        await shutdown.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await processing);
        Assert.Empty(rig.Publisher.Messages);
        Assert.Null(await rig.StoredAsync());
        var counts = rig.Metrics.Snapshot();
        Assert.Equal((1, 0, 0, 0), (counts.Received, counts.Scored, counts.Degraded, counts.Retried)); // the broker redelivers it
    }
}

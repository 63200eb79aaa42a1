using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Embedded;
using DaprPredictor.Pipeline.Offline;
using DaprPredictor.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DaprPredictor.ModelTraining.Tests;

/// <summary>
/// The point-in-time rules of docs/model.md, each with hand-computed values, in training and in serving: a row sees
/// the purchases strictly before its own session's start (not the user's first session's, not the event's own time),
/// and the offline cache never answers for an as-of earlier than the one it computed.
/// </summary>
public class PointInTimeTests
{
    private static readonly DateTimeOffset T = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly PageViewEvent[] TwoSessions =
    [
        new("e1", "u-1", "s-1", "/", Rfc3339.Format(T)),
        new("e2", "u-1", "s-1", "/cart", Rfc3339.Format(T.AddMinutes(1))),
        new("e3", "u-1", "s-2", "/", Rfc3339.Format(T.AddMinutes(10))), // a new session id while the first window is still kept
        new("e4", "u-1", "s-2", "/cart", Rfc3339.Format(T.AddMinutes(11))),
    ];

    /// <summary>Made between the two sessions: the first must not see it, the second must.</summary>
    private static readonly PurchaseRecord[] OnePurchase = [new(1, "u-1", 50m, T.AddMinutes(5))];

    private static (float Count, float Spend, float MeanLastThree, float Days) Offline(float[] vector)
    {
        var at = FeatureSchema.Names.ToList().IndexOf("purchase_count");
        return (vector[at], vector[at + 1], vector[at + 2], vector[at + 3]);
    }

    private static readonly (float, float, float, float) NoHistory = (0, 0, 0, -1);

    private static readonly (float, float, float, float) SeenFromTheSecondSession = (1, 50, 50, (float)(5 / 1440.0)); // 5 minutes

    [Fact]
    public void TrainingTakesEachSessionsOfflineFeaturesAsOfThatSessionsStart()
    {
        var rows = TrainingSetBuilder.Build(TwoSessions, OnePurchase, new TrainingSetOptions()).Rows.ToDictionary(r => r.EventId);

        Assert.Equal(NoHistory, Offline(rows["e1"].Features));
        Assert.Equal(NoHistory, Offline(rows["e2"].Features));
        Assert.Equal(SeenFromTheSecondSession, Offline(rows["e3"].Features));
        Assert.Equal(SeenFromTheSecondSession, Offline(rows["e4"].Features));
    }

    [Fact]
    public async Task ServingTakesEachSessionsOfflineFeaturesAsOfThatSessionsStart()
    {
        var (vectors, _) = await ServingReplay.RunAsync(TwoSessions, OnePurchase);

        Assert.Equal(NoHistory, Offline(vectors["e1"]));
        Assert.Equal(NoHistory, Offline(vectors["e2"]));
        Assert.Equal(SeenFromTheSecondSession, Offline(vectors["e3"]));
        Assert.Equal(SeenFromTheSecondSession, Offline(vectors["e4"]));
    }

    [Fact]
    public async Task TheOfflineCacheNeverAnswersAnEarlierAsOfThanTheOneItComputed()
    {
        var clock = new FakeTimeProvider(T);
        var history = new EmbeddedPurchaseHistory();
        history.Load([new PurchaseRecord(1, "u-1", 20m, T.AddSeconds(-30))], "one purchase 30 s before T");
        var service = new OfflineFeatureService(
            history, new JsonStateStore(clock), Options.Create(new OfflineFeaturesOptions()), TestServices.MeterFactory, NullLogger<OfflineFeatureService>.Instance);

        var atT = await service.GetAsync("u-1", T, CancellationToken.None);
        var aMinuteLater = await service.GetAsync("u-1", T.AddMinutes(1), CancellationToken.None); // from the cache
        var aMinuteEarlier = await service.GetAsync("u-1", T.AddMinutes(-1), CancellationToken.None);

        Assert.Equal(new PurchaseFeatures(1, 20, 20, 30 / 86400.0, ColdStart: false), atT.Features);
        Assert.Equal(new PurchaseFeatures(1, 20, 20, 90 / 86400.0, ColdStart: false), aMinuteLater.Features);
        Assert.Equal(PurchaseFeatures.ColdStartDefaults, aMinuteEarlier.Features); // the purchase is in its future
    }
}

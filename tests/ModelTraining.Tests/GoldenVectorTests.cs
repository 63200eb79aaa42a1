using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.ModelServing;
using DaprPredictor.Pipeline.Predictions;

namespace DaprPredictor.ModelTraining.Tests;

/// <summary>
/// Golden feature vectors: a small hand-written stream whose every slot was computed by hand, through the training-set
/// builder and through the serving processor (<see cref="ServingReplay"/>). Parity cannot catch a change of shared code
/// (a slot moved, a feature redefined): these vectors can. Boundary cases: a purchase exactly at a session's start (the
/// as-of), an event exactly one session timeout after the previous one and one a second later, purchases exactly at an
/// event, at the attribution deadline and a second past it, a duplicate, and events delivered out of order (where
/// serving sees a different window from training, and the vectors say so). The names of the slots are written out in
/// Domain.Tests (FeatureTests.SchemaIsTheWrittenOutLayout).
/// </summary>
[Collection(TrainedModelCollection.Name)]
public class GoldenVectorTests(TrainedModelFixture trained)
{
    private static readonly DateTimeOffset T = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static PageViewEvent View(string eventId, string userId, TimeSpan at, string page, double? price = null) =>
        new(eventId, userId, "s-" + userId, page, Rfc3339.Format(T + at), price is null ? null : "p-" + eventId, null, price);

    private static TimeSpan M(double minutes) => TimeSpan.FromMinutes(minutes);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    /// <summary>In delivery order. Training folds each user's events in event-time order; serving takes them as they come.</summary>
    private static readonly PageViewEvent[] Stream =
    [
        View("a1", "u-a", M(0), "/"),
        View("b1", "u-b", M(5), "/search?q=lamp"),
        View("b2", "u-b", M(5) + S(20), "/p/p-3", price: 12.50),
        View("b4", "u-b", M(5) + S(50), "/basket"),                          // delivered before b3
        View("b3", "u-b", M(5) + S(35), "https://shop.example.com/products/p-4?ref=rec", price: 7.50),
        View("b2", "u-b", M(5) + S(20), "/p/p-3", price: 12.50),             // redelivered
        View("b5", "u-b", M(6), "/checkout"),
        View("c1", "u-c", M(10), "/help/returns"),
        View("c2", "u-c", M(11), "/blog/summer-sale"),
        View("e2", "u-e", M(15), "/p/p-1"),                                  // delivered before e1, which starts the session
        View("e1", "u-e", M(14), "/"),
        View("d1", "u-d", M(20), "/basket"),
        View("a2", "u-a", M(30), "/c/shoes"),                                // exactly one session timeout after a1: same session
        View("a3", "u-a", M(60) + S(1), "/p/p-7", price: 25),               // 30 min 1 s after a2: a new session
    ];

    private static PurchaseRecord Purchase(long id, string userId, TimeSpan at, decimal amount) => new(id, userId, amount, T + at);

    private static readonly PurchaseRecord[] Purchases =
    [
        Purchase(1, "u-a", -TimeSpan.FromDays(10), 40.00m),
        Purchase(2, "u-a", -TimeSpan.FromDays(2), 20.00m),
        Purchase(3, "u-a", TimeSpan.Zero, 99.99m),           // at a1's instant, the as-of of a's first session: not before it
        Purchase(4, "u-b", M(6), 20.00m),                    // at b5's instant: counts for b1-b4, not for b5
        Purchase(5, "u-c", -TimeSpan.FromDays(30), 10.00m),
        Purchase(6, "u-c", -TimeSpan.FromDays(20), 20.00m),
        Purchase(7, "u-c", -TimeSpan.FromDays(10), 30.00m),
        Purchase(8, "u-c", -TimeSpan.FromDays(1), 40.00m),
        Purchase(9, "u-c", M(41), 55.00m),                   // exactly 30 min after c2, the session's last event: counts
        Purchase(10, "u-d", M(50) + S(1), 35.00m),           // 30 min 1 s after d1: too late
        Purchase(11, "u-e", M(14) + S(30), 15.00m),          // between e1 and e2: after e1, before e2
    ];

    private static float[] Vector(float[] last, float[] second, float[] third, float[] entry, float[] counts, float[] session, float[] offline)
    {
        Assert.Equal([9, 10, 10, 9, 9, 4, 4], new[] { last, second, third, entry, counts, session, offline }.Select(g => g.Length));
        return [.. last, .. second, .. third, .. entry, .. counts, .. session, .. offline];
    }

    private static readonly float[] ColdStart = [0, 0, 0, -1];

    // Columns of the page groups:   home search category product cart checkout account help other | none
    // session: events, seconds since the session start, seconds since the previous event, mean viewed price
    // offline: purchases before the session start, their total, mean of the newest three, days since the newest
    private static readonly Dictionary<string, float[]> Training = new()
    {
        ["a1"] = Vector(
            last: [1, 0, 0, 0, 0, 0, 0, 0, 0],
            second: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            third: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            entry: [1, 0, 0, 0, 0, 0, 0, 0, 0],
            counts: [1, 0, 0, 0, 0, 0, 0, 0, 0],
            session: [1, 0, 0, 0],
            offline: [2, 60, 30, 2]), // purchases 1 and 2; 3 is at the as-of itself
        ["a2"] = Vector(
            last: [0, 0, 1, 0, 0, 0, 0, 0, 0],
            second: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            third: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            entry: [1, 0, 0, 0, 0, 0, 0, 0, 0],
            counts: [1, 0, 1, 0, 0, 0, 0, 0, 0],
            session: [2, 1800, 1800, 0],
            offline: [2, 60, 30, 2]),
        ["a3"] = Vector(
            last: [0, 0, 0, 1, 0, 0, 0, 0, 0],
            second: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            third: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            entry: [0, 0, 0, 1, 0, 0, 0, 0, 0],
            counts: [0, 0, 0, 1, 0, 0, 0, 0, 0],
            session: [1, 0, 0, 25],
            offline: [3, 159.99f, 53.33f, (float)(3601 / 86400.0)]), // (99.99 + 20 + 40) / 3; purchase 3 was 1 h 1 s earlier
        ["b1"] = Vector(
            last: [0, 1, 0, 0, 0, 0, 0, 0, 0],
            second: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            third: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            entry: [0, 1, 0, 0, 0, 0, 0, 0, 0],
            counts: [0, 1, 0, 0, 0, 0, 0, 0, 0],
            session: [1, 0, 0, 0],
            offline: ColdStart),
        ["b2"] = Vector(
            last: [0, 0, 0, 1, 0, 0, 0, 0, 0],
            second: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
            third: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            entry: [0, 1, 0, 0, 0, 0, 0, 0, 0],
            counts: [0, 1, 0, 1, 0, 0, 0, 0, 0],
            session: [2, 20, 20, 12.5f],
            offline: ColdStart),
        ["b3"] = Vector(
            last: [0, 0, 0, 1, 0, 0, 0, 0, 0],
            second: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
            third: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
            entry: [0, 1, 0, 0, 0, 0, 0, 0, 0],
            counts: [0, 1, 0, 2, 0, 0, 0, 0, 0],
            session: [3, 35, 15, 10],
            offline: ColdStart),
        ["b4"] = Vector(
            last: [0, 0, 0, 0, 1, 0, 0, 0, 0],
            second: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
            third: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
            entry: [0, 1, 0, 0, 0, 0, 0, 0, 0],
            counts: [0, 1, 0, 2, 1, 0, 0, 0, 0],
            session: [4, 50, 15, 10],
            offline: ColdStart),
        ["b5"] = Vector(
            last: [0, 0, 0, 0, 0, 1, 0, 0, 0],
            second: [0, 0, 0, 0, 1, 0, 0, 0, 0, 0],
            third: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
            entry: [0, 1, 0, 0, 0, 0, 0, 0, 0],
            counts: [0, 1, 0, 2, 1, 1, 0, 0, 0],
            session: [5, 60, 10, 10],
            offline: ColdStart), // purchase 4 is after the session start
        ["c1"] = Vector(
            last: [0, 0, 0, 0, 0, 0, 0, 1, 0],
            second: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            third: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            entry: [0, 0, 0, 0, 0, 0, 0, 1, 0],
            counts: [0, 0, 0, 0, 0, 0, 0, 1, 0],
            session: [1, 0, 0, 0],
            offline: [4, 100, 30, (float)(1450 / 1440.0)]), // (40 + 30 + 20) / 3; purchase 8 was 1 day 10 min earlier
        ["c2"] = Vector(
            last: [0, 0, 0, 0, 0, 0, 0, 0, 1],
            second: [0, 0, 0, 0, 0, 0, 0, 1, 0, 0],
            third: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            entry: [0, 0, 0, 0, 0, 0, 0, 1, 0],
            counts: [0, 0, 0, 0, 0, 0, 0, 1, 1],
            session: [2, 60, 60, 0],
            offline: [4, 100, 30, (float)(1450 / 1440.0)]),
        ["d1"] = Vector(
            last: [0, 0, 0, 0, 1, 0, 0, 0, 0],
            second: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            third: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            entry: [0, 0, 0, 0, 1, 0, 0, 0, 0],
            counts: [0, 0, 0, 0, 1, 0, 0, 0, 0],
            session: [1, 0, 0, 0],
            offline: ColdStart),
        ["e1"] = Vector(
            last: [1, 0, 0, 0, 0, 0, 0, 0, 0],
            second: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            third: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            entry: [1, 0, 0, 0, 0, 0, 0, 0, 0],
            counts: [1, 0, 0, 0, 0, 0, 0, 0, 0],
            session: [1, 0, 0, 0],
            offline: ColdStart),
        ["e2"] = Vector(
            last: [0, 0, 0, 1, 0, 0, 0, 0, 0],
            second: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            third: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            entry: [1, 0, 0, 0, 0, 0, 0, 0, 0],
            counts: [1, 0, 0, 1, 0, 0, 0, 0, 0],
            session: [2, 60, 60, 0],
            offline: ColdStart), // the session starts at e1, before purchase 11
    };

    /// <summary>Where delivery out of order makes serving see another window than training's event-time fold.</summary>
    private static readonly Dictionary<string, float[]> ServingOutOfOrder = new()
    {
        ["b4"] = Vector( // b3 not yet seen
            last: [0, 0, 0, 0, 1, 0, 0, 0, 0],
            second: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
            third: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
            entry: [0, 1, 0, 0, 0, 0, 0, 0, 0],
            counts: [0, 1, 0, 1, 1, 0, 0, 0, 0],
            session: [3, 50, 30, 12.5f],
            offline: ColdStart),
        ["b3"] = Vector( // merged in event-time order behind b4; the newest event and its gap stay b4's
            last: [0, 0, 0, 0, 1, 0, 0, 0, 0],
            second: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
            third: [0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
            entry: [0, 1, 0, 0, 0, 0, 0, 0, 0],
            counts: [0, 1, 0, 2, 1, 0, 0, 0, 0],
            session: [4, 50, 30, 10],
            offline: ColdStart),
        ["e2"] = Vector( // the session starts at e2 for now: its as-of is after purchase 11, which it sees 30 s old
            last: [0, 0, 0, 1, 0, 0, 0, 0, 0],
            second: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            third: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            entry: [0, 0, 0, 1, 0, 0, 0, 0, 0],
            counts: [0, 0, 0, 1, 0, 0, 0, 0, 0],
            session: [1, 0, 0, 0],
            offline: [1, 15, 15, (float)(30 / 86400.0)]),
        ["e1"] = Vector( // moves the session start back before purchase 11: the as-of moves with it, and the purchase is gone
            last: [0, 0, 0, 1, 0, 0, 0, 0, 0],
            second: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            third: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            entry: [1, 0, 0, 0, 0, 0, 0, 0, 0],
            counts: [1, 0, 0, 1, 0, 0, 0, 0, 0],
            session: [2, 60, 0, 0],
            offline: ColdStart),
    };

    private static readonly Dictionary<string, bool> Labels = new()
    {
        ["a1"] = false, ["a2"] = false, ["a3"] = false,             // purchase 3 is at a1's instant, not after it
        ["b1"] = true, ["b2"] = true, ["b3"] = true, ["b4"] = true, // purchase 4 is after them, within the window
        ["b5"] = false,                                             // purchase 4 is at b5's instant
        ["c1"] = true, ["c2"] = true,                               // purchase 9 exactly at the deadline
        ["d1"] = false,                                             // purchase 10 a second past it
        ["e1"] = true, ["e2"] = false,                              // purchase 11 between them
    };

    [Fact]
    public void TrainingComputesEveryHandWrittenVectorLabelAndCount()
    {
        var (rows, report) = TrainingSetBuilder.Build(Stream, Purchases, new TrainingSetOptions());

        Assert.Equal(Training.Keys.Order(StringComparer.Ordinal), rows.Select(r => r.EventId).Order(StringComparer.Ordinal));
        Assert.All(rows, row => AssertVector(row.EventId, Training[row.EventId], row.Features));
        Assert.Equal(Labels, rows.ToDictionary(r => r.EventId, r => r.Label));
        Assert.Equal((14, 13, 1, 0, 6, 3), (report.Events, report.Rows, report.Duplicates, report.Late, report.Sessions, report.PurchasingSessions));
    }

    [Fact]
    public async Task ServingComputesEveryHandWrittenVector()
    {
        var (vectors, fates) = await ServingReplay.RunAsync(Stream, Purchases);

        Assert.Equal(13, fates.Count(f => f == EventFate.Scored));
        Assert.Equal(EventFate.Duplicate, Assert.Single(fates, f => f != EventFate.Scored));
        Assert.Equal(Training.Keys.Order(StringComparer.Ordinal), vectors.Keys.Order(StringComparer.Ordinal));
        Assert.All(vectors, pair => AssertVector(pair.Key, ServingOutOfOrder.GetValueOrDefault(pair.Key) ?? Training[pair.Key], pair.Value));
    }

    [Fact]
    public void TheDirectEvaluatorScoresEveryGoldenVectorAsMlNetDoes()
    {
        var predictor = new PooledPredictor(ModelFile.Load(trained.Result.Files.Model));

        Assert.True(predictor.IsDirect, predictor.Scoring);
        foreach (var (eventId, vector) in Training.Concat(ServingOutOfOrder))
        {
            var (direct, engine) = (predictor.Predict(vector), predictor.PredictWithEngine(vector));
            Assert.True(BitConverter.SingleToInt32Bits(direct) == BitConverter.SingleToInt32Bits(engine), $"{eventId}: direct {direct:R}, ML.NET {engine:R}");
        }
    }

    /// <summary>Names every slot that differs, so a failure says which feature moved or changed.</summary>
    private static void AssertVector(string eventId, float[] expected, float[] actual)
    {
        Assert.Equal(FeatureSchema.Length, actual.Length);
        var wrong = Enumerable.Range(0, FeatureSchema.Length)
            .Where(i => !expected[i].Equals(actual[i]))
            .Select(i => $"{FeatureSchema.Names[i]} (slot {i}): expected {expected[i]:R}, got {actual[i]:R}")
            .ToArray();
        Assert.True(wrong.Length == 0, $"{eventId}: {string.Join("; ", wrong)}");
    }
}

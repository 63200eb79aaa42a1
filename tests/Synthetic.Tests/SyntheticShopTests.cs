using DaprPredictor.Domain.Features;

namespace DaprPredictor.Synthetic.Tests;

/// <summary>The streamed shop is the held shop, read in constant memory: the same events in the same order, truth and purchases.</summary>
public class SyntheticShopTests
{
    // More users than one generation batch (4,096), so batches meet in the merge.
    private static readonly SyntheticOptions Options = new() { Users = 10_000, Seed = 31 };
    private static readonly SyntheticDataset Held = SyntheticGenerator.Generate(Options);

    [Fact]
    public void TheStreamedClickstreamIsTheHeldOneEventForEventWithItsVisitsOutcomeAndOracle()
    {
        var shop = SyntheticShop.Plan(Options);

        var streamed = shop.Clickstream().ToList();

        Assert.Equal(Held.Clickstream(), streamed.Select(e => e.Event));
        var truth = Held.Sessions.SelectMany(s => s.Events.Select((e, i) => (e.EventId, s.Purchased, Oracle: s.OracleProbabilities[i]))).ToDictionary(x => x.EventId!);
        Assert.All(streamed, e => Assert.Equal((truth[e.Event.EventId!].Purchased, truth[e.Event.EventId!].Oracle), (e.Purchased, e.Oracle)));
    }

    [Fact]
    public void EachVisitsPurchaseIsToldBeforeItsFirstEventAndEqualsTheHeldOne()
    {
        var shop = SyntheticShop.Plan(Options);
        var told = new List<PurchaseRecord>();
        var firstSeen = new Dictionary<string, int>(StringComparer.Ordinal);
        var toldAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var n = 0;

        foreach (var e in shop.Clickstream(p => { told.Add(p); toldAt[p.UserId] = n; }))
        {
            firstSeen.TryAdd(e.Event.UserId!, n++);
        }

        var held = Held.Purchases.Where(p => p.PurchasedAt >= Options.ClickstreamStart).Select(p => (p.UserId, p.Amount, p.PurchasedAt)).Order();
        Assert.Equal(held, told.Select(p => (p.UserId, p.Amount, p.PurchasedAt)).Order());
        Assert.All(told, p => Assert.True(toldAt[p.UserId] <= firstSeen[p.UserId]));
    }

    [Fact]
    public void AUsersHistoryGeneratedWhenAskedSummarizesAsTheHeldStoreDoesAtEveryPointOfTheirVisit()
    {
        var shop = SyntheticShop.Plan(Options);
        var heldByUser = Held.Purchases.ToLookup(p => p.UserId, StringComparer.Ordinal);

        Assert.Equal(Held.Purchases.Count(p => p.PurchasedAt < Options.ClickstreamStart), shop.HistoryPurchases);
        Assert.Equal(shop.HistoryPurchases, shop.History().Length);
        foreach (var session in Held.Sessions)
        {
            var history = shop.HistoryOf(session.UserId);
            Assert.Equal(history.Length, history.Select(p => p.PurchaseId).Distinct().Count());
            foreach (var e in session.Events)
            {
                var asOf = DateTimeOffset.Parse(e.Timestamp!, System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equivalent(PurchaseSummary.FromHistory(heldByUser[session.UserId], asOf), PurchaseSummary.FromHistory(history, asOf), strict: true);
            }
        }

        Assert.Empty(shop.HistoryOf("u-9999999"));
        Assert.Empty(shop.HistoryOf("someone-else"));

        // Another spelling of an existing user's number is another user (ids are compared, not only parsed).
        Assert.NotEmpty(Enumerable.Range(0, 50).SelectMany(i => shop.HistoryOf($"u-{i:D7}")));
        Assert.All(Enumerable.Range(0, 50), i => Assert.Empty(shop.HistoryOf($"u-{i}")));
        Assert.All(Enumerable.Range(0, 50), i => Assert.Empty(shop.HistoryOf($"u-{i:D8}")));
    }
}

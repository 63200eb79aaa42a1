using DaprPredictor.Domain.Features;
using DaprPredictor.Synthetic;

namespace DaprPredictor.ModelTraining.Tests;

public class TrainingSetTests
{
    private static readonly SyntheticDataset Data = SyntheticGenerator.Generate(new SyntheticOptions { Users = 3_000, Seed = 23 });
    private static readonly (TrainingRow[] Rows, TrainingSetReport Report) Built = TrainingSetBuilder.Build(Data.Clickstream(), Data.Purchases, new TrainingSetOptions());

    private static int Slot(string name) => FeatureSchema.Names.ToList().IndexOf(name);

    [Fact]
    public void LabelsDerivedFromThePurchaseTableMatchTheGeneratorsOutcome()
    {
        var purchased = Data.Sessions.SelectMany(s => s.Events.Select(e => (e.EventId!, s.Purchased))).ToDictionary(x => x.Item1, x => x.Purchased);

        Assert.Equal(purchased.Count, Built.Rows.Length);
        Assert.All(Built.Rows, row => Assert.Equal(purchased[row.EventId], row.Label));
        Assert.Equal(Data.Sessions.Count(s => s.Purchased), Built.Report.PurchasingSessions);
    }

    [Fact]
    public void EveryEventIsAccountedFor()
    {
        var r = Built.Report;

        Assert.Equal(r.Events, r.Rows + r.Duplicates + r.Late + r.RejectedTotal);
        Assert.Equal(Data.Sessions.Length, r.Sessions);
    }

    [Fact]
    public void RowsSeeOnlyPurchasesBeforeTheirSessionNotTheOneItEndsWith()
    {
        var byUser = Data.Purchases.ToLookup(p => p.UserId);
        foreach (var row in Built.Rows)
        {
            var before = byUser[row.UserId].Where(p => p.PurchasedAt < row.SessionStart).ToArray();
            Assert.Equal(before.Length, row.Features[Slot("purchase_count")]);
            Assert.Equal((float)before.Sum(p => p.Amount), row.Features[Slot("total_spend")], 2);
        }

        var buyers = Built.Rows.Where(r => r.Label).Select(r => r.UserId).ToHashSet();
        Assert.All(Built.Rows.Where(r => buyers.Contains(r.UserId)),
            row => Assert.True(row.Features[Slot("purchase_count")] < byUser[row.UserId].Count(), "the session's own purchase leaked into its features"));
    }

    [Fact]
    public void RowsSeeOnlyEarlierEventsOfTheirSession()
    {
        var byEvent = Built.Rows.ToDictionary(r => r.EventId);
        foreach (var session in Data.Sessions)
        {
            var rows = session.Events.Select(e => byEvent[e.EventId!]).ToArray();
            for (var i = 0; i < rows.Length; i++) Assert.Equal(i + 1, rows[i].Features[Slot("session_events")]);
        }
    }
}

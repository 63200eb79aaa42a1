using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Windows;

namespace DaprPredictor.Domain.Tests;

public class FeatureTests
{
    private static readonly DateTimeOffset AsOf = Events.Now;

    private static PurchaseRecord Purchase(long id, decimal amount, DateTimeOffset at) => new(id, "u-1", amount, at);

    private static readonly string[] Pages = ["home", "search", "category", "product", "cart", "checkout", "account", "help", "other"];

    /// <summary>The schema written out: a change of a name or of the order fails here (and bumps <see cref="FeatureSchema.Version"/>).</summary>
    [Fact]
    public void SchemaIsTheWrittenOutLayout() => Assert.Equal(
        [
            .. Pages.Select(p => "last_page_" + p),
            .. Pages.Select(p => "second_last_page_" + p), "second_last_page_none",
            .. Pages.Select(p => "third_last_page_" + p), "third_last_page_none",
            .. Pages.Select(p => "entry_page_" + p),
            .. Pages.Select(p => "count_" + p),
            "session_events", "session_seconds", "seconds_since_previous", "mean_viewed_price",
            "purchase_count", "total_spend", "mean_last_three_purchases", "days_since_last_purchase",
        ],
        FeatureSchema.Names);

    [Fact]
    public void OfflineFeaturesUseOnlyPurchasesStrictlyBeforeTheAsOfTime()
    {
        var purchases = new[]
        {
            Purchase(1, 10m, AsOf.AddDays(-10)),
            Purchase(2, 20m, AsOf.AddDays(-4)),
            Purchase(3, 30m, AsOf.AddDays(-2)),
            Purchase(4, 40m, AsOf.AddDays(-1)),
            Purchase(5, 1000m, AsOf),            // the same instant: not before
            Purchase(6, 1000m, AsOf.AddDays(1)), // the future
        };

        var features = PurchaseFeatures.From(PurchaseSummary.FromHistory(purchases, AsOf), AsOf);

        Assert.Equal(4, features.PurchaseCount);
        Assert.Equal(100, features.TotalSpend);
        Assert.Equal(30, features.MeanLastThree);
        Assert.Equal(1, features.DaysSinceLastPurchase, 9);
        Assert.False(features.ColdStart);
    }

    [Fact]
    public void PurchasesAtTheSameInstantAreOrderedByIdLikeTheSqlQuery()
    {
        var at = AsOf.AddDays(-1);
        var summary = PurchaseSummary.FromHistory([Purchase(9, 1m, at), Purchase(11, 3m, at), Purchase(10, 2m, at), Purchase(8, 100m, at)], AsOf);

        Assert.Equal([3m, 2m, 1m], summary.RecentAmounts);
    }

    [Fact]
    public void OneOrTwoPurchasesGiveOneOrTwoRecentAmountsNewestFirst()
    {
        var one = PurchaseSummary.FromHistory([Purchase(1, 5m, AsOf.AddDays(-3))], AsOf);
        var two = PurchaseSummary.FromHistory([Purchase(1, 5m, AsOf.AddDays(-3)), Purchase(2, 7m, AsOf.AddDays(-1))], AsOf);

        Assert.Equal([5m], one.RecentAmounts);
        Assert.Equal([7m, 5m], two.RecentAmounts);
        Assert.Equal(6, PurchaseFeatures.From(two, AsOf).MeanLastThree);
    }

    [Fact]
    public void UserWithoutHistoryGetsColdStartDefaults()
    {
        var features = PurchaseFeatures.From(PurchaseSummary.FromHistory([], AsOf), AsOf);

        Assert.Equal(PurchaseFeatures.ColdStartDefaults, features);
        Assert.True(features.ColdStart);
        Assert.Equal(PurchaseFeatures.NoPurchaseDays, features.DaysSinceLastPurchase);
    }

    [Fact]
    public void VectorPutsEachFeatureInItsNamedSlot()
    {
        UserWindow? window = null;
        window = WindowRules.Apply(window, Events.Clean("e1", AsOf, PageType.Home), new WindowOptions()).Window;
        window = WindowRules.Apply(window, Events.Clean("e2", AsOf.AddSeconds(30), PageType.Search), new WindowOptions()).Window;
        window = WindowRules.Apply(window, Events.Clean("e3", AsOf.AddSeconds(40), PageType.Product, price: 50), new WindowOptions()).Window;
        var offline = new PurchaseFeatures(3, 120, 40, 12.5, ColdStart: false);

        var vector = FeatureVector.Assemble(RealtimeFeatures.From(window), offline);

        float Slot(string name) => vector[FeatureSchema.Names.ToList().IndexOf(name)];
        Assert.Equal(1, Slot("last_page_product"));
        Assert.Equal(1, Slot("second_last_page_search"));
        Assert.Equal(1, Slot("third_last_page_home"));
        Assert.Equal(1, Slot("entry_page_home"));
        Assert.Equal(1, Slot("count_home"));
        Assert.Equal(1, Slot("count_search"));
        Assert.Equal(1, Slot("count_product"));
        Assert.Equal(3, Slot("session_events"));
        Assert.Equal(40, Slot("session_seconds"));
        Assert.Equal(10, Slot("seconds_since_previous"));
        Assert.Equal(50, Slot("mean_viewed_price"));
        Assert.Equal(3, Slot("purchase_count"));
        Assert.Equal(120, Slot("total_spend"));
        Assert.Equal(40, Slot("mean_last_three_purchases"));
        Assert.Equal(12.5f, Slot("days_since_last_purchase"));
        Assert.Equal(15, vector.Count(v => v != 0)); // 4 one-hots, 3 page counts, 4 session numbers, 4 offline numbers
    }

    [Fact]
    public void AssemblingIntoAReusedBufferOverwritesWhatWasThere()
    {
        var window = WindowRules.Apply(null, Events.Clean("e1", AsOf, PageType.Cart), new WindowOptions()).Window;
        var buffer = Enumerable.Repeat(7f, FeatureSchema.Length).ToArray();

        FeatureVector.Assemble(RealtimeFeatures.From(window), PurchaseFeatures.ColdStartDefaults, buffer);

        Assert.Equal(FeatureVector.Assemble(RealtimeFeatures.From(window), PurchaseFeatures.ColdStartDefaults), buffer);
        float Slot(string name) => buffer[FeatureSchema.Names.ToList().IndexOf(name)];
        Assert.Equal((1f, 1f, 1f, 1f), (Slot("last_page_cart"), Slot("second_last_page_none"), Slot("third_last_page_none"), Slot("entry_page_cart")));
        Assert.Throws<ArgumentException>(() => FeatureVector.Assemble(RealtimeFeatures.From(window), PurchaseFeatures.ColdStartDefaults, new float[FeatureSchema.Length - 1]));
    }

    [Theory]
    [InlineData(2, 55, "featureSchemaVersion 2")]
    [InlineData(1, 54, "has 55 values, got 54")]
    public void VectorOfTheWrongVersionOrLengthIsExplained(int version, int length, string expected) =>
        Assert.Contains(expected, FeatureVector.Problem(version, new float[length]), StringComparison.Ordinal);

    [Fact]
    public void VectorWithANonFiniteValueNamesTheFeature()
    {
        var values = new float[FeatureSchema.Length];
        values[^1] = float.NaN;

        Assert.Contains("days_since_last_purchase", FeatureVector.Problem(FeatureSchema.Version, values), StringComparison.Ordinal);
        Assert.Null(FeatureVector.Problem(FeatureSchema.Version, new float[FeatureSchema.Length]));
    }
}

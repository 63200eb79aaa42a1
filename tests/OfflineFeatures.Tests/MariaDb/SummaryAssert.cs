using DaprPredictor.Domain.Features;

namespace DaprPredictor.OfflineFeatures.Tests.MariaDb;

public static class SummaryAssert
{
    /// <summary>Records compare arrays by reference, so compare the members, with a message saying which case failed.</summary>
    public static void Equal(PurchaseSummary expected, PurchaseSummary actual, string because)
    {
        var same = expected.Count == actual.Count
            && expected.TotalSpend == actual.TotalSpend
            && expected.LastPurchaseAt == actual.LastPurchaseAt
            && expected.RecentAmounts.SequenceEqual(actual.RecentAmounts);
        Assert.True(same, $"{because}: expected {Show(expected)}, got {Show(actual)}");
    }

    private static string Show(PurchaseSummary s) =>
        $"count {s.Count}, total {s.TotalSpend}, last {s.LastPurchaseAt:O}, recent [{string.Join(", ", s.RecentAmounts)}]";
}

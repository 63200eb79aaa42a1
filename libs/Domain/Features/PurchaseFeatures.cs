namespace DaprPredictor.Domain.Features;

/// <summary>The offline features of a user as of a point in time (the start of the session being scored).</summary>
/// <param name="DaysSinceLastPurchase">Fractional days; <see cref="NoPurchaseDays"/> when the user has never purchased.</param>
/// <param name="ColdStart">True when the user has no purchase history (or the history could not be read: see degraded predictions).</param>
public sealed record PurchaseFeatures(int PurchaseCount, double TotalSpend, double MeanLastThree, double DaysSinceLastPurchase, bool ColdStart)
{
    public const double NoPurchaseDays = -1;

    public static PurchaseFeatures ColdStartDefaults { get; } = new(0, 0, 0, NoPurchaseDays, ColdStart: true);

    public static PurchaseFeatures From(PurchaseSummary summary, DateTimeOffset asOf)
    {
        if (summary.Count == 0 || summary.LastPurchaseAt is not { } last) return ColdStartDefaults;
        var recent = summary.RecentAmounts;
        var mean = recent.Length == 0 ? 0 : (double)(recent.Sum() / recent.Length);
        return new PurchaseFeatures(summary.Count, (double)summary.TotalSpend, mean, Math.Max(0, (asOf - last).TotalDays), ColdStart: false);
    }
}

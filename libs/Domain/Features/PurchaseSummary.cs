namespace DaprPredictor.Domain.Features;

/// <summary>
/// What the offline store knows about a user's purchases strictly before a point in time: the count, the total,
/// the newest purchase time and the newest amounts (newest first, at most <see cref="RecentCount"/>).
/// The MySQL query computes exactly this; <see cref="FromHistory"/> computes it in memory for training and the
/// embedded store. A parity test against MariaDB keeps the two equal.
/// </summary>
public sealed record PurchaseSummary(int Count, decimal TotalSpend, DateTimeOffset? LastPurchaseAt, decimal[] RecentAmounts)
{
    public const int RecentCount = 3;

    public static PurchaseSummary Empty { get; } = new(0, 0m, null, []);

    /// <summary>Purchases are ordered newest first by (time, purchase id), the SQL's ORDER BY.</summary>
    public static PurchaseSummary FromHistory(IEnumerable<PurchaseRecord> purchases, DateTimeOffset asOf)
    {
        var count = 0;
        var total = 0m;
        PurchaseRecord? a = null, b = null, c = null; // the three newest, a newest
        foreach (var p in purchases)
        {
            if (p.PurchasedAt >= asOf) continue;
            count++;
            total += p.Amount;
            if (IsNewer(p, a)) (a, b, c) = (p, a, b);
            else if (IsNewer(p, b)) (b, c) = (p, b);
            else if (IsNewer(p, c)) c = p;
        }

        if (count == 0) return Empty;
        decimal[] recent = c is not null ? [a!.Amount, b!.Amount, c.Amount] : b is not null ? [a!.Amount, b.Amount] : [a!.Amount];
        return new PurchaseSummary(count, total, a!.PurchasedAt, recent);
    }

    private static bool IsNewer(PurchaseRecord p, PurchaseRecord? than) =>
        than is null || p.PurchasedAt > than.PurchasedAt || (p.PurchasedAt == than.PurchasedAt && p.PurchaseId > than.PurchaseId);
}

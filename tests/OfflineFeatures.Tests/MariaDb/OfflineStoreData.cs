using DaprPredictor.Domain.Features;
using DaprPredictor.Synthetic;

namespace DaprPredictor.OfflineFeatures.Tests.MariaDb;

/// <summary>
/// The offline store's rows for the MariaDB tests: a synthetic shop's purchase history (users with 0, 1, 2, 3 and many
/// purchases) plus hand-made users for the edges the generator rarely draws: several purchases in the same second
/// (ordered by purchase id), ids that look like SQL, ids differing only in case, non-ASCII ids, the largest DECIMAL(12,2).
/// </summary>
public sealed class OfflineStoreData
{
    public static readonly DateTimeOffset TieSecond = new(2025, 6, 1, 8, 30, 15, TimeSpan.Zero);

    public const string TieUser = "tie-user";
    public const string SqlLookingUser = "x'OR'1'='1";
    public const string NobodyUser = "nobody-at-all";

    private OfflineStoreData(IReadOnlyList<PurchaseRecord> purchases, IReadOnlyList<string> zeroPurchaseUsers)
    {
        Purchases = purchases;
        ByUser = purchases.GroupBy(p => p.UserId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        ZeroPurchaseUsers = zeroPurchaseUsers;
    }

    public IReadOnlyList<PurchaseRecord> Purchases { get; }

    public IReadOnlyDictionary<string, PurchaseRecord[]> ByUser { get; }

    /// <summary>Users of the synthetic shop who never purchased (no rows at all), and one who does not exist.</summary>
    public IReadOnlyList<string> ZeroPurchaseUsers { get; }

    public PurchaseRecord[] Of(string userId) => ByUser.TryGetValue(userId, out var purchases) ? purchases : [];

    public static OfflineStoreData Create()
    {
        var shop = SyntheticGenerator.Generate(new SyntheticOptions { Users = 1_500, Seed = 20260301 });
        var purchases = new List<PurchaseRecord>(shop.Purchases);
        var id = 50_000_000L;
        void Add(string user, decimal amount, DateTimeOffset at) => purchases.Add(new PurchaseRecord(++id, user, amount, at));

        // Four purchases in one second (the newest three are the highest ids), with neighbours one second either side.
        Add(TieUser, 5.00m, TieSecond.AddSeconds(-1));
        Add(TieUser, 1.01m, TieSecond);
        Add(TieUser, 2.02m, TieSecond);
        Add(TieUser, 3.03m, TieSecond);
        Add(TieUser, 4.04m, TieSecond);
        Add(TieUser, 6.00m, TieSecond.AddSeconds(1));

        // Ids that would change the query if they were spliced into it, and their prefixes.
        Add(SqlLookingUser, 7.77m, TieSecond.AddDays(-3));
        Add("x", 1.00m, TieSecond.AddDays(-2));
        Add("x", 2.00m, TieSecond.AddDays(-1));
        Add("quote\"and\\backslash';--", 3.50m, TieSecond.AddHours(-5));

        // Ids that a case- or accent-insensitive collation would merge.
        Add("Case-User", 10.00m, TieSecond.AddHours(-2));
        Add("case-user", 20.00m, TieSecond.AddHours(-1));
        Add("ünïcødé-用户-😀", 0.01m, TieSecond.AddMinutes(-30));
        Add("unicode-用户-😀", 0.02m, TieSecond.AddMinutes(-20));

        // The column's extremes: its largest value (a sum beyond it must stay exact) and zero.
        Add("big-spender-max", 9_999_999_999.99m, TieSecond.AddDays(-10));
        Add("big-spender-max", 9_999_999_999.99m, TieSecond.AddDays(-9));
        Add("big-spender-max", 0.00m, TieSecond.AddDays(-8));
        Add("big-spender-max", 9_999_999_999.99m, TieSecond.AddDays(-7));

        // A long history.
        for (var i = 0; i < 40; i++) Add("many-purchases", 10m + (i * 1.37m), TieSecond.AddDays(-200 + (i * 5)).AddSeconds(i * 7));

        var buyers = purchases.Select(p => p.UserId).ToHashSet(StringComparer.Ordinal);
        var zero = shop.Users.Select(u => u.UserId).Where(u => !buyers.Contains(u)).Take(20).Append(NobodyUser).ToArray();
        return new OfflineStoreData(purchases, zero);
    }

    /// <summary>
    /// Users covering every history length: each hand-made user, the zero-purchase users, and up to
    /// <paramref name="perLength"/> synthetic users with 1, 2, 3 and more purchases.
    /// </summary>
    public IReadOnlyList<string> SampleUsers(int perLength)
    {
        var synthetic = ByUser.Where(u => u.Key.StartsWith("u-", StringComparison.Ordinal))
            .GroupBy(u => Math.Min(u.Value.Length, 4))
            .SelectMany(g => g.OrderBy(u => u.Key, StringComparer.Ordinal).Take(perLength).Select(u => u.Key));
        var handMade = ByUser.Keys.Where(u => !u.StartsWith("u-", StringComparison.Ordinal));
        return [.. handMade.Order(StringComparer.Ordinal), .. synthetic, .. ZeroPurchaseUsers];
    }

    /// <summary>
    /// As-of times around every purchase of the user: a second and a microsecond before, exactly at it, 100 ns after
    /// (finer than the store keeps), a microsecond, half a second and a second after; plus long before and after.
    /// </summary>
    public IEnumerable<DateTimeOffset> AsOfTimes(string userId)
    {
        var purchases = Of(userId);
        if (purchases.Length == 0)
        {
            yield return TieSecond;
            yield break;
        }

        yield return purchases.Min(p => p.PurchasedAt).AddDays(-1);
        foreach (var at in purchases.Select(p => p.PurchasedAt).Distinct())
        {
            yield return at.AddSeconds(-1);
            yield return at.AddTicks(-TimeSpan.TicksPerMicrosecond);
            yield return at;
            yield return at.AddTicks(1);
            yield return at.AddTicks(TimeSpan.TicksPerMicrosecond);
            yield return at.AddMilliseconds(500);
            yield return at.AddSeconds(1);
        }

        yield return purchases.Max(p => p.PurchasedAt).AddDays(1);
    }
}

using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Embedded;

/// <summary>
/// The offline store without a server: purchases indexed by user in memory, summarized by the same domain function
/// training uses. It stands in for the MySQL query, which a MariaDB parity test proves equal to that function.
/// A replay that brings its own purchase history swaps it in with <see cref="Load(IEnumerable{PurchaseRecord}, string)"/>,
/// or, for a generated shop too large to hold, with a function that produces a user's purchases when asked.
/// </summary>
public sealed class EmbeddedPurchaseHistory : IPurchaseHistory
{
    private Snapshot _current = new(_ => null, 0, 0, "(nothing loaded)");

    /// <summary>Training's purchases.jsonl; a missing file is an empty store (every user cold-start), and says so.</summary>
    public static EmbeddedPurchaseHistory FromFile(string path)
    {
        var history = new EmbeddedPurchaseHistory();
        if (File.Exists(path)) history.Load(JsonLines.ReadPurchases(path), path);
        else history.Load([], $"{path} (missing: every user is cold-start)");
        return history;
    }

    public int Users => Volatile.Read(ref _current).Users;

    public long Purchases => Volatile.Read(ref _current).Purchases;

    public string Source => Volatile.Read(ref _current).Source;

    public void Load(IEnumerable<PurchaseRecord> purchases, string source)
    {
        var byUser = purchases.GroupBy(p => p.UserId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        Volatile.Write(ref _current, new Snapshot(user => byUser.GetValueOrDefault(user), byUser.Count, byUser.Values.Sum(p => p.Length), source));
    }

    /// <summary>A store whose rows are produced per user on demand (<paramref name="purchasesOf"/> must be pure and thread-safe).</summary>
    public void Load(Func<string, PurchaseRecord[]?> purchasesOf, int users, long purchases, string source) =>
        Volatile.Write(ref _current, new Snapshot(purchasesOf, users, purchases, source));

    public ValueTask<PurchaseSummary> GetSummaryAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Volatile.Read(ref _current).PurchasesOf(userId) is { Length: > 0 } purchases ? PurchaseSummary.FromHistory(purchases, asOf) : PurchaseSummary.Empty);

    private sealed record Snapshot(Func<string, PurchaseRecord[]?> PurchasesOf, int Users, long Purchases, string Source);
}

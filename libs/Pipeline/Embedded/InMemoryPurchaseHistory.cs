using DaprPredictor.Domain.Features;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Pipeline.Embedded;

/// <summary>
/// The embedded offline store: purchases indexed by user, summarized by the same domain function training uses.
/// It stands in for the MySQL query (which a MariaDB parity test proves equal to that function).
/// </summary>
public sealed class InMemoryPurchaseHistory : IPurchaseHistory
{
    private readonly Dictionary<string, PurchaseRecord[]> _byUser;

    public InMemoryPurchaseHistory(IEnumerable<PurchaseRecord> purchases)
    {
        _byUser = purchases.GroupBy(p => p.UserId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        Purchases = _byUser.Values.Sum(p => p.Length);
    }

    public int Users => _byUser.Count;

    public int Purchases { get; }

    public ValueTask<PurchaseSummary> GetSummaryAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_byUser.TryGetValue(userId, out var purchases) ? PurchaseSummary.FromHistory(purchases, asOf) : PurchaseSummary.Empty);
}

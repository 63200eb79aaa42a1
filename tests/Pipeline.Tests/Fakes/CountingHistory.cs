using System.Collections.Concurrent;
using DaprPredictor.Domain.Features;
using DaprPredictor.Embedded;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Pipeline.Tests.Fakes;

/// <summary>The embedded purchase history (the same summary the MySQL query computes), recording every query it answers.</summary>
public sealed class CountingHistory : IPurchaseHistory
{
    private readonly EmbeddedPurchaseHistory _inner = new();
    private readonly ConcurrentQueue<(string UserId, DateTimeOffset AsOf)> _queries = new();

    public CountingHistory(params PurchaseRecord[] purchases) => _inner.Load(purchases, "the test's purchases");

    public IReadOnlyList<(string UserId, DateTimeOffset AsOf)> Queries => [.. _queries];

    public ValueTask<PurchaseSummary> GetSummaryAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        _queries.Enqueue((userId, asOf));
        return _inner.GetSummaryAsync(userId, asOf, cancellationToken);
    }
}

using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.Pipeline.Seams;

/// <summary>The offline store's purchase summary: the MySQL binding, or the embedded store loaded from training output.</summary>
public interface IPurchaseHistory
{
    ValueTask<PurchaseSummary> GetSummaryAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken);

    /// <summary>
    /// The summaries of several (user, as-of) pairs, in order. By default one <see cref="GetSummaryAsync"/> per pair: a
    /// store that can answer them together (the MySQL binding, one query) overrides it.
    /// </summary>
    async ValueTask<IReadOnlyList<PurchaseSummary>> GetSummariesAsync(IReadOnlyList<OfflineFeaturesPair> pairs, CancellationToken cancellationToken)
    {
        var summaries = new PurchaseSummary[pairs.Count];
        for (var i = 0; i < pairs.Count; i++) summaries[i] = await GetSummaryAsync(pairs[i].UserId, pairs[i].AsOf, cancellationToken);
        return summaries;
    }
}

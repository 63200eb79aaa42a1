using DaprPredictor.Domain.Features;

namespace DaprPredictor.Pipeline.Seams;

/// <summary>The offline store's purchase summary: the MySQL binding, or the embedded store loaded from training output.</summary>
public interface IPurchaseHistory
{
    ValueTask<PurchaseSummary> GetSummaryAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken);
}

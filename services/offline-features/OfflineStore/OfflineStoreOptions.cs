using System.ComponentModel.DataAnnotations;

namespace DaprPredictor.OfflineFeatures.OfflineStore;

/// <summary>The "OfflineStore" configuration section: how the MySQL binding is queried. Validated at start.</summary>
public sealed class OfflineStoreOptions
{
    public const string Section = "OfflineStore";

    /// <summary>
    /// The most (user, as-of) pairs one <see cref="PurchaseSummaryBatchQuery"/> statement carries; more are split into
    /// several statements. Bounded because the statement's text and parameters grow with each pair (about 60 bytes and two
    /// parameters), each distinct count is a statement the server parses anew, and one statement answers all its pairs at
    /// once or not at all: a batch of the feature extractor's default size (100 events) is one statement.
    /// </summary>
    [Range(1, PurchaseSummaryBatchQuery.MaxPairs, ErrorMessage = "OfflineStore:MaxQueryPairs must be between 1 and 1000.")]
    public int MaxQueryPairs { get; set; } = 100;
}

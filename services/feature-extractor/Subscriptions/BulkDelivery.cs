using DaprPredictor.Pipeline.Predictions;

namespace DaprPredictor.FeatureExtractor.Subscriptions;

/// <summary>A bulk delivery as read: its entries by id, how many could not be answered, or why none can be.</summary>
/// <param name="Unanswerable">Entries without a usable id (not an object, no id, an id seen before): daprd retries them.</param>
/// <param name="Problem">Why the envelope cannot be read at all; then there are no entries.</param>
internal sealed record BulkDelivery(IReadOnlyList<BulkDelivery.Entry> Entries, int Unanswerable, string? Problem)
{
    public static BulkDelivery Unreadable(string problem) => new([], 0, problem);

    public sealed record Entry(string EntryId, BatchEntry Content);
}

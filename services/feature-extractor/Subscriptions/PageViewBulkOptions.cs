using System.ComponentModel.DataAnnotations;

namespace DaprPredictor.FeatureExtractor.Subscriptions;

/// <summary>
/// Bulk subscribe to <c>page-views</c> (section <c>PageViews:Bulk</c>; environment <c>PageViews__Bulk__Enabled=true</c>).
/// Off by default: the single-event route works on every broker and Dapr version, bulk needs Dapr 1.10+ and batches only
/// where the component delivers concurrently or batches natively (docs/deployment.md).
/// </summary>
public sealed class PageViewBulkOptions
{
    public const string Section = "PageViews:Bulk";

    /// <summary>Subscribe with <c>bulkSubscribe</c> on the bulk route instead of one delivery per event.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The most messages daprd puts in one delivery (<c>bulkSubscribe.maxMessagesCount</c>). A batch is scored in one
    /// call, so it may not exceed the scorer's <c>Scorer:MaxBatchSize</c> (1,024 by default).
    /// </summary>
    [Range(1, 1024, ErrorMessage = "PageViews:Bulk:MaxMessagesCount must be between 1 and 1024 (a batch is scored in one call, and the scorer takes at most Scorer:MaxBatchSize, 1024 by default).")]
    public int MaxMessagesCount { get; set; } = 100;

    /// <summary>How long daprd (or the broker) waits to fill a batch before delivering what it has (<c>bulkSubscribe.maxAwaitDurationMs</c>).</summary>
    [Range(1, 60_000, ErrorMessage = "PageViews:Bulk:MaxAwaitDurationMs must be between 1 and 60000 (a minute): each event of a batch waits up to this long before it is processed.")]
    public int MaxAwaitDurationMs { get; set; } = 1000;
}

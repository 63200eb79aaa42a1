using DaprPredictor.Benchmarks.Infrastructure;

namespace DaprPredictor.Benchmarks.Soak;

/// <summary>One read of the host's /metrics: the pipeline's counters (every series of a name summed), the GC heap and the gen2 collections so far.</summary>
internal sealed record PipelineScrape(long Received, long Scored, long Duplicates, long Rejected, long Retried, long Graded, long Ungraded, double? GcHeapBytes, long FullCollections)
{
    /// <summary>Every delivery ended in exactly one fate, nothing is in flight.</summary>
    public bool AddsUp => Received == Scored + Duplicates + Rejected + Retried;

    /// <summary>Scored predictions whose session's outcome is not known yet (live grading keeps them until its deadline).</summary>
    public long WaitingForOutcome => Scored - Graded - Ungraded;

    public static async Task<PipelineScrape> ReadAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
        var lines = PrometheusSamples.Lines(text);
        long Sum(string name) => (long)PrometheusSamples.Values(lines, name).Sum();
        var heap = PrometheusSamples.Values(lines, "dotnet_gc_last_collection_heap_size_bytes").ToArray();
        return new PipelineScrape(
            Sum("daprpredictor_events_received_total"),
            Sum("daprpredictor_events_scored_total"),
            Sum("daprpredictor_events_duplicates_total"),
            Sum("daprpredictor_events_rejected_total"),
            Sum("daprpredictor_events_retried_total"),
            Sum("daprpredictor_predictions_graded_total"),
            Sum("daprpredictor_predictions_ungraded_total"),
            heap.Length > 0 ? heap.Sum() : null,
            (long)PrometheusSamples.Values(lines, "dotnet_gc_collections_total", "gc_heap_generation=\"gen2\"").Sum());
    }
}

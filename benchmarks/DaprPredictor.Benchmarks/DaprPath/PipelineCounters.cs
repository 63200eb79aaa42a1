using DaprPredictor.Benchmarks.Infrastructure;

namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>
/// The feature extractor's fate counters as Prometheus scrapes them from its <c>/metrics</c>
/// (daprpredictor_events_{received,scored,duplicates,rejected,retried}_total, summed over their labels; degraded: the
/// scored ones with <c>degraded="true"</c>, scored with cold-start offline features because the lookup failed or was late).
/// </summary>
internal sealed record PipelineCounters(double Received, double Scored, double Duplicates, double Rejected, double Retried, double Degraded)
{
    /// <summary>Each event published ends in exactly one of these (a retried delivery is received again).</summary>
    public double Settled => Scored + Duplicates + Rejected;

    public static async Task<PipelineCounters> ScrapeAsync(HttpClient client, Uri metrics)
    {
        var lines = PrometheusSamples.Lines(await client.GetStringAsync(metrics));
        double Sum(string name, string? label = null) => PrometheusSamples.Values(lines, name, label).Sum();
        return new PipelineCounters(
            Sum("daprpredictor_events_received_total"),
            Sum("daprpredictor_events_scored_total"),
            Sum("daprpredictor_events_duplicates_total"),
            Sum("daprpredictor_events_rejected_total"),
            Sum("daprpredictor_events_retried_total"),
            Sum("daprpredictor_events_scored_total", "degraded=\"true\""));
    }

    public static PipelineCounters operator -(PipelineCounters after, PipelineCounters before) => new(
        after.Received - before.Received,
        after.Scored - before.Scored,
        after.Duplicates - before.Duplicates,
        after.Rejected - before.Rejected,
        after.Retried - before.Retried,
        after.Degraded - before.Degraded);
}

using System.Globalization;
using DaprPredictor.Benchmarks.Infrastructure;
using DaprPredictor.Contracts;

namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>Every run of a session, and the accounting over all of them (warm-ups included).</summary>
/// <param name="Published">Page views published (every publish the sidecar acknowledged).</param>
/// <param name="Fates">How the feature extractor ended them, from its /metrics.</param>
/// <param name="Predictions">Predictions the rig's app received (at least once: an ETag conflict can publish one twice).</param>
/// <param name="DeadLetters">Our dead letters the rig's app received, one per rejected event.</param>
internal sealed record DaprPathReport(IReadOnlyList<RunResult> Runs, long Published, PipelineCounters Fates, long Predictions, long DeadLetters)
{
    /// <summary>Every published event ended scored, rejected (dead-lettered) or as a duplicate, and the consumer saw each end.</summary>
    public bool AccountedFor =>
        Math.Abs(Fates.Settled - Published) < 0.5 && Predictions >= Fates.Scored && Math.Abs(DeadLetters - Fates.Rejected) < 0.5;
}

/// <summary>
/// A session of the Dapr-path benchmark: the rig started once; for each rate a warm-up then the measured runs, each on
/// the next slice of one generated feed (so no event is published twice except the feed's own redeliveries).
/// </summary>
internal static class DaprPathBenchmark
{
    public static async Task<DaprPathReport> RunAsync(DaprPathOptions options, TextWriter log)
    {
        await using var rig = await DaprPathRig.StartAsync(options, log);
        var slices = options.Rates.SelectMany(rate => new[] { (Rate: rate, Seconds: options.WarmupSeconds, Measured: false) }
            .Concat(Enumerable.Repeat((Rate: rate, options.Seconds, Measured: true), options.Runs)))
            .Where(s => s.Seconds > 0)
            .Select(s => (s.Rate, Count: (int)Math.Round(s.Rate * s.Seconds), s.Measured))
            .ToList();
        var feed = ClickstreamFeed.Generate(slices.Sum(s => s.Count), seed: 42, DateTimeOffset.UtcNow, options.Noise);
        await log.WriteLineAsync(Invariant($"Feed: {feed.Count:N0} page views ({feed.First.Count(f => !f):N0} redeliveries), load {RunResult.LoadAverage():F1}."));

        var fatesBefore = await PipelineCounters.ScrapeAsync(rig.Http, rig.FeatureExtractorMetrics);
        var results = new List<RunResult>();
        var from = 0;
        var published = 0L;
        foreach (var (rate, count, measured) in slices)
        {
            var result = await RunResult.MeasureAsync(rig, feed, from, count, rate, options.DrainTimeout);
            from += count;
            published += count - result.PublishFailures;
            await log.WriteLineAsync((measured ? "" : "warm-up ") + Describe(result));
            if (measured) results.Add(result);
        }

        var fates = await PipelineCounters.ScrapeAsync(rig.Http, rig.FeatureExtractorMetrics) - fatesBefore;
        return new DaprPathReport(results, published, fates, rig.Sink.Predictions, rig.Sink.Rejections);
    }

    public static string Describe(RunResult r) => Invariant(
        $"""
        {r.Rate:N0}/s: {r.Events:N0} events published in {r.PublishSeconds:F1} s ({r.PublishFailures} failed, send lag p99 {r.SendLag.P99 / 1000:F1} ms), {(r.Drained ? "all ended" : "NOT all ended")} {r.DrainSeconds:F1} s later; {r.CompletedPerSecond:N0} events/s; latency p50 {r.Latency.P50 / 1000:F1} ms, p99 {r.Latency.P99 / 1000:F1} ms, max {r.Latency.Max / 1000:F0} ms
          fates: {r.Fates.Scored:N0} scored ({r.Fates.Degraded:N0} degraded), {r.Fates.Duplicates:N0} duplicates, {r.Fates.Rejected:N0} rejected, {r.Fates.Retried:N0} retried; {r.BindingQueries:N0} MySQL queries
          CPU ms per 1,000 events: {string.Join(", ", r.CpuMsPerThousand.Select(c => $"{c.Key} {c.Value:N0}"))}
          sidecar calls per event: {string.Join(", ", r.Calls.Keys.Order(StringComparer.Ordinal).Select(id => $"{id} {r.CallsPerEvent(id):F2}"))}
          load average {r.LoadBefore:F1} → {r.LoadAfter:F1}; other processes used {r.OtherCores:F2} cores
        """);

    /// <summary>The medians per rate, as docs/benchmarks.md reports them.</summary>
    public static string Summarize(DaprPathReport report)
    {
        var lines = new List<string>
        {
            "| rate (events/s) | ended (events/s) | p50 | p99 | CPU ms / 1,000 events: feature-extractor · offline-features · scorer | fake daprd | sidecar calls / event: feature-extractor · offline-features · scorer | load average |",
            "| ---: | ---: | ---: | ---: | --- | ---: | --- | ---: |",
        };
        foreach (var group in report.Runs.GroupBy(r => r.Rate))
        {
            double M(Func<RunResult, double> f) => Stats.Median(group.Select(f));
            string Cpu(string name) => M(r => r.CpuMsPerThousand.GetValueOrDefault(name)).ToString("N0", CultureInfo.InvariantCulture);
            string Calls(string id) => M(r => r.CallsPerEvent(id)).ToString("F2", CultureInfo.InvariantCulture);
            lines.Add(Invariant(
                $"| {group.Key:N0} | {M(r => r.CompletedPerSecond):N0} | {M(r => r.Latency.P50) / 1000:F1} ms | {M(r => r.Latency.P99) / 1000:F1} ms | {Cpu(Topology.FeatureExtractorAppId)} · {Cpu(Topology.OfflineFeaturesAppId)} · {Cpu(Topology.ScorerAppId)} | {Cpu("fake daprd")} | {Calls(Topology.FeatureExtractorAppId)} · {Calls(Topology.OfflineFeaturesAppId)} · {Calls(Topology.ScorerAppId)} | {M(r => r.LoadBefore):F1}–{M(r => r.LoadAfter):F1} |"));
        }

        lines.Add("");
        lines.Add("Sidecar calls per event by name (median over all runs):");
        foreach (var id in report.Runs.SelectMany(r => r.Calls.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var names = report.Runs.SelectMany(r => r.Calls.GetValueOrDefault(id)?.Keys ?? []).Distinct().Order(StringComparer.Ordinal);
            lines.Add(Invariant($"  {id}: {string.Join(", ", names.Select(n => $"{n} {Stats.Median(report.Runs.Select(r => r.CallsPerEvent(id, n))):F3}").Where(s => !s.EndsWith(" 0.000", StringComparison.Ordinal)))}"));
        }

        lines.Add(Invariant($"Accounting over the session: {report.Published:N0} published = {report.Fates.Scored:N0} scored + {report.Fates.Duplicates:N0} duplicates + {report.Fates.Rejected:N0} rejected ({report.Fates.Retried:N0} deliveries retried); the rig received {report.Predictions:N0} predictions and {report.DeadLetters:N0} dead letters: {(report.AccountedFor ? "accounted for" : "NOT accounted for")}."));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using DaprPredictor.Benchmarks.Infrastructure;
using DaprPredictor.Contracts;

namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>
/// A session of the Dapr-path benchmark: a model and MariaDB for all, one rig per mode started once and warmed up
/// once; then for each rate the measured runs, the modes taking turns (on a shared machine the load drifts:
/// neighbouring runs of two modes see about the same), each mode until it is saturated. Each run publishes the next
/// slice of one generated feed, so no event is published twice except the feed's own redeliveries.
/// </summary>
internal static class DaprPathBenchmark
{
    public static async Task<DaprPathReport> RunAsync(DaprPathOptions options, TextWriter log)
    {
        var model = await EnsureModelAsync(options.ModelDirectory, options.TrainingUsers, log);
        await using var offlineStore = await OfflineStoreServer.StartAsync(
            options.MariaDbDirectory, options.Ports.MariaDb, Path.Combine(options.ModelDirectory, "offline-seed.sql"), options.RemoveMariaDb, log);
        var rigs = new List<DaprPathRig>();
        try
        {
            var ports = options.Ports;
            foreach (var mode in options.Modes)
            {
                rigs.Add(await DaprPathRig.StartAsync(mode, ports, model, offlineStore, options.Partitions, log));
                ports = ports.Next;
            }

            return await RunSessionAsync(options, rigs, offlineStore, log);
        }
        finally
        {
            foreach (var rig in rigs) await rig.DisposeAsync();
        }
    }

    private static async Task<DaprPathReport> RunSessionAsync(DaprPathOptions options, List<DaprPathRig> rigs, OfflineStoreServer offlineStore, TextWriter log)
    {
        var warmup = Count(options.Rates[0], options.WarmupSeconds);
        var feed = ClickstreamFeed.Generate(rigs.Count * (warmup + options.Runs * options.Rates.Sum(rate => Count(rate, options.Seconds))), seed: 42, DateTimeOffset.UtcNow, options.Noise);
        await log.WriteLineAsync(Invariant($"Feed: up to {feed.Count:N0} page views ({feed.First.Count(f => !f):N0} redeliveries), load {RunResult.LoadAverage():F1}."));

        var ours = rigs.SelectMany(r => r.Processes.Select(p => p.ProcessId)).Append(offlineStore.ProcessId).Append(Environment.ProcessId).ToArray();
        var before = new Dictionary<DaprPathRig, (PipelineCounters Fates, SidecarCounters Sidecars)>();
        foreach (var rig in rigs) before[rig] = (await PipelineCounters.ScrapeAsync(rig.Http, rig.FeatureExtractorMetrics), await SidecarCounters.ReadAsync(rig.Http, rig.Stats));
        var published = rigs.ToDictionary(r => r, _ => 0L);
        var from = 0;
        async Task<RunResult> MeasureAsync(DaprPathRig rig, double rate, int count, bool measured)
        {
            IReadOnlyList<(string, int)> processes = [.. rig.Processes, ("mariadb", offlineStore.ProcessId), ("rig", Environment.ProcessId)];
            var result = await RunResult.MeasureAsync(rig, processes, ours, feed, from, count, rate, options.DrainTimeout);
            from += count;
            published[rig] += count - result.PublishFailures;
            await log.WriteLineAsync((measured ? "" : "warm-up ") + Describe(result));
            return result;
        }

        // Once per rig, so that the JIT has compiled the hot paths before anything is measured.
        if (warmup > 0) foreach (var rig in rigs) await MeasureAsync(rig, options.Rates[0], warmup, measured: false);

        var results = new List<RunResult>();
        var active = rigs.ToList();
        foreach (var rate in options.Rates)
        {
            if (active.Count == 0) break;
            var ofRate = new List<RunResult>();
            for (var run = 0; run < options.Runs; run++)
            {
                // The modes take turns, the first one alternating, so that neither always follows the other.
                foreach (var rig in run % 2 == 0 ? active : Enumerable.Reverse(active)) ofRate.Add(await MeasureAsync(rig, rate, Count(rate, options.Seconds), measured: true));
            }

            results.AddRange(ofRate);
            if (!options.StopWhenSaturated) continue;
            foreach (var rig in active.ToList())
            {
                if (Stats.Median(ofRate.Where(r => r.Mode == rig.Mode).Select(r => r.CompletedPerSecond)) >= 0.8 * rate) continue;
                active.Remove(rig);
                await log.WriteLineAsync(Invariant($"{rig.Mode.Name}: saturated at {rate:N0}/s (ended less than 80 % of the arrival rate); its higher rates are skipped."));
            }
        }

        var accounting = new List<RigAccounting>();
        foreach (var rig in rigs)
        {
            var fates = await PipelineCounters.ScrapeAsync(rig.Http, rig.FeatureExtractorMetrics) - before[rig].Fates;
            var redelivered = (await SidecarCounters.ReadAsync(rig.Http, rig.Stats)).PageViewRedeliveries - before[rig].Sidecars.PageViewRedeliveries;
            accounting.Add(new RigAccounting(rig.Mode, published[rig], fates, rig.Sink.Predictions, rig.Sink.Rejections, redelivered));
        }

        return new DaprPathReport(results, accounting);
    }

    public static string Describe(RunResult r) => Invariant(
        $"""
        {r.Mode.Name} at {r.Rate:N0}/s: {r.Events:N0} events published in {r.PublishSeconds:F1} s ({r.PublishFailures} failed, send lag p99 {r.SendLag.P99 / 1000:F1} ms), {(r.Drained ? "all ended" : "NOT all ended")} {r.DrainSeconds:F1} s later; {r.CompletedPerSecond:N0} events/s
          to published: p50 {r.ToPublished.P50 / 1000:F1} ms, p99 {r.ToPublished.P99 / 1000:F1} ms, max {r.ToPublished.Max / 1000:F0} ms; to the consumer: p50 {r.ToConsumer.P50 / 1000:F1} ms, p99 {r.ToConsumer.P99 / 1000:F1} ms
          fates: {r.Fates.Scored:N0} scored ({r.Fates.Degraded:N0} degraded), {r.Fates.Duplicates:N0} duplicates, {r.Fates.Rejected:N0} rejected, {r.Fates.Retried:N0} retried by the app, {r.Redelivered:N0} redelivered by the sidecar; {r.BindingQueries:N0} MySQL queries
          CPU ms per 1,000 events: {string.Join(", ", r.CpuMsPerThousand.Select(c => $"{c.Key} {c.Value:N0}"))}; cores: {string.Join(", ", r.Cores.Select(c => $"{c.Key} {c.Value:F2}"))}
          sidecar calls per event: {string.Join(", ", SidecarCallKinds.All.Select(k => $"{k} {r.CallsPerEventOfKind(k):F2}"))}; {r.EventsPerDelivery:F1} events per delivery
          load average {r.LoadBefore:F1} → {r.LoadAfter:F1}; other processes used {r.OtherCores:F2} cores
        """);

    /// <summary>The medians per mode and rate, the calls per event, and the on-paper sidecar cost, as docs/benchmarks.md reports them.</summary>
    public static string Summarize(DaprPathReport report)
    {
        var groups = report.Runs.GroupBy(r => (r.Mode, r.Rate)).OrderBy(g => g.Key.Rate).ThenBy(g => g.Key.Mode.Bulk).ToList();
        var lines = new List<string>
        {
            "| mode | rate (events/s) | ended (events/s) | to published p50 · p99 | to the consumer p50 · p99 | CPU ms / 1,000 events: feature-extractor · offline-features · scorer | fake daprd: CPU ms / 1,000 events · cores | load average |",
            "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
        };
        foreach (var group in groups)
        {
            double M(Func<RunResult, double> f) => Stats.Median(group.Select(f));
            string Cpu(string name) => M(r => r.CpuMsPerThousand.GetValueOrDefault(name)).ToString("N0", CultureInfo.InvariantCulture);
            lines.Add(Invariant(
                $"| {group.Key.Mode.Name} | {group.Key.Rate:N0} | {M(r => r.CompletedPerSecond):N0} | {M(r => r.ToPublished.P50) / 1000:F1} · {M(r => r.ToPublished.P99) / 1000:F1} ms | {M(r => r.ToConsumer.P50) / 1000:F1} · {M(r => r.ToConsumer.P99) / 1000:F1} ms | {Cpu(Topology.FeatureExtractorAppId)} · {Cpu(Topology.OfflineFeaturesAppId)} · {Cpu(Topology.ScorerAppId)} | {Cpu(DaprPathRig.FakeDaprdName)} · {M(r => r.Cores.GetValueOrDefault(DaprPathRig.FakeDaprdName)):F2} | {M(r => r.LoadBefore):F1}–{M(r => r.LoadAfter):F1} |"));
        }

        lines.Add("");
        lines.Add($"| mode | rate (events/s) | {string.Join(" | ", SidecarCallKinds.All)} | all | events per delivery |");
        lines.Add($"| --- | ---: | {string.Join(" | ", SidecarCallKinds.All.Select(_ => "---:"))} | ---: | ---: |");
        foreach (var group in groups)
        {
            double M(Func<RunResult, double> f) => Stats.Median(group.Select(f));
            lines.Add(Invariant(
                $"| {group.Key.Mode.Name} | {group.Key.Rate:N0} | {string.Join(" | ", SidecarCallKinds.All.Select(k => M(r => r.CallsPerEventOfKind(k)).ToString("F2", CultureInfo.InvariantCulture)))} | {M(r => RunResult.ServiceAppIds.Sum(r.CallsPerEvent)):F2} | {M(r => r.EventsPerDelivery):F1} |"));
        }

        lines.Add("");
        lines.Add("| mode | sidecar CPU ms / event (docs · v1.17 report) | vCPUs at 1,000 events/s | vCPUs at 10,000 events/s | added latency per event p50 · p90 · p99 |");
        lines.Add("| --- | ---: | ---: | ---: | ---: |");
        foreach (var mode in report.Runs.Select(r => r.Mode).Distinct())
        {
            var runs = report.Runs.Where(r => r.Mode == mode).ToList();
            var calls = SidecarCallKinds.All.ToDictionary(k => k, k => Stats.Median(runs.Select(r => r.CallsPerEventOfKind(k))), StringComparer.Ordinal);
            var estimate = SidecarEstimate.From(calls, Stats.Median(runs.Select(r => r.EventsPerDelivery)));
            var (at1k, recent1k) = estimate.Vcpus(1_000);
            var (at10k, recent10k) = estimate.Vcpus(10_000);
            lines.Add(Invariant(
                $"| {mode.Name} | {estimate.CpuMsPerEvent:F2} · {estimate.RecentCpuMsPerEvent:F2} | {at1k:F1} · {recent1k:F1} | {at10k:F1} · {recent10k:F1} | +{estimate.AddedP50Ms:F1} · +{estimate.AddedP90Ms:F1} · +{estimate.AddedP99Ms:F1} ms |"));
        }

        lines.Add("");
        lines.Add("Sidecar calls per event by sidecar and name (median over all runs of a mode):");
        foreach (var mode in report.Runs.Select(r => r.Mode).Distinct())
        {
            var runs = report.Runs.Where(r => r.Mode == mode).ToList();
            foreach (var id in runs.SelectMany(r => r.Calls.Keys).Distinct().Order(StringComparer.Ordinal))
            {
                var names = runs.SelectMany(r => r.Calls.GetValueOrDefault(id)?.Keys ?? []).Distinct().Order(StringComparer.Ordinal);
                lines.Add(Invariant($"  {mode.Name}, {id}: {string.Join(", ", names.Select(n => $"{n} {Stats.Median(runs.Select(r => r.CallsPerEvent(id, n))):F3}").Where(s => !s.EndsWith(" 0.000", StringComparison.Ordinal)))}"));
            }
        }

        lines.AddRange(report.Accounting.Select(a => "Accounting, " + a.Describe()));
        return string.Join(Environment.NewLine, lines);
    }

    private static int Count(double rate, int seconds) => (int)Math.Round(rate * seconds);

    /// <summary>The model and offline-store seed the training CLI writes; trained once into the directory when missing.</summary>
    private static async Task<string> EnsureModelAsync(string directory, int users, TextWriter log)
    {
        var model = Path.Combine(directory, "model.zip");
        if (File.Exists(model) && File.Exists(Path.Combine(directory, "offline-seed.sql"))) return model;
        await log.WriteLineAsync($"Training a model of {users:N0} synthetic users into {directory} with the training CLI.");
        var training = HostProcess.Start("training", HostProcess.Dll("training", "DaprPredictor.Training"),
            ["--output", directory, "--users", users.ToString(CultureInfo.InvariantCulture)], new Dictionary<string, string?>());
        await using (training) await training.WaitForExitAsync(TimeSpan.FromMinutes(20));

        return File.Exists(model) ? model : throw new InvalidOperationException($"Training wrote no model to {directory}:{Environment.NewLine}{string.Join(Environment.NewLine, training.Log)}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using System.Globalization;
using DaprPredictor.Benchmarks.Infrastructure;

namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>
/// One measured run: a slice of the feed published at a fixed rate, then drained until every event of it has ended.
/// </summary>
/// <param name="Latency">From each event's scheduled publish to its first prediction (or dead letter) at the rig's app; redeliveries left out.</param>
/// <param name="CompletedPerSecond">Events that ended, per second from the first scheduled publish to the last arrival.</param>
/// <param name="CpuMsPerThousand">CPU milliseconds per 1,000 events published, by process (delta of /proc/PID/stat over publish and drain).</param>
/// <param name="Calls">Calls each sidecar served or made during the run, by name (the fake's counters).</param>
/// <param name="OtherCores">Cores' worth of CPU that processes outside the rig used meanwhile (the machine is shared).</param>
internal sealed record RunResult(
    double Rate,
    int Events,
    double PublishSeconds,
    long PublishFailures,
    Percentiles SendLag,
    Percentiles Latency,
    double CompletedPerSecond,
    bool Drained,
    double DrainSeconds,
    IReadOnlyDictionary<string, double> CpuMsPerThousand,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Calls,
    long BindingQueries,
    PipelineCounters Fates,
    double LoadBefore,
    double LoadAfter,
    double OtherCores)
{
    public double CallsPerEvent(string appId) => Calls.TryGetValue(appId, out var calls) ? calls.Values.Sum() / (double)Events : 0;

    public double CallsPerEvent(string appId, string name) =>
        Calls.TryGetValue(appId, out var calls) && calls.TryGetValue(name, out var n) ? n / (double)Events : 0;

    public static async Task<RunResult> MeasureAsync(DaprPathRig rig, ClickstreamFeed feed, int from, int count, double rate, TimeSpan drainTimeout)
    {
        var loadBefore = LoadAverage();
        var machineBefore = MachineLoad.Snapshot();
        var cpuBefore = rig.Measured.ToDictionary(m => m.Name, m => DotnetProcess.CpuSecondsOf(m.ProcessId));
        var sidecarsBefore = await SidecarCounters.ReadAsync(rig.Http, rig.Stats);
        var fatesBefore = await PipelineCounters.ScrapeAsync(rig.Http, rig.FeatureExtractorMetrics);
        var clock = Stopwatch.StartNew();

        var published = await OpenLoopPublisher.RunAsync(rig.Publisher, feed, from, count, rate);
        var publishedAt = clock.Elapsed;
        var drained = false;
        while (clock.Elapsed - publishedAt < drainTimeout)
        {
            var fates = await PipelineCounters.ScrapeAsync(rig.Http, rig.FeatureExtractorMetrics) - fatesBefore;
            if (fates.Settled >= count - published.Failed && (await SidecarCounters.ReadAsync(rig.Http, rig.Stats)).Backlog == 0)
            {
                drained = true;
                break;
            }

            await Task.Delay(100);
        }

        var drainSeconds = (clock.Elapsed - publishedAt).TotalSeconds;
        var elapsed = clock.Elapsed;
        var cpuAfter = rig.Measured.ToDictionary(m => m.Name, m => DotnetProcess.CpuSecondsOf(m.ProcessId));
        var machineAfter = MachineLoad.Snapshot();
        var loadAfter = LoadAverage();
        await Task.Delay(500); // the Prometheus exporter may answer from a scrape a moment old
        var sidecarsAfter = await SidecarCounters.ReadAsync(rig.Http, rig.Stats);
        var fatesAfter = await PipelineCounters.ScrapeAsync(rig.Http, rig.FeatureExtractorMetrics);

        var latencies = new List<long>(count);
        var lastArrival = long.MinValue;
        for (var i = 0; i < count; i++)
        {
            if (!feed.First[from + i] || feed.EventIds[from + i] is not { } id || !rig.Sink.TryGetArrival(id, out var arrived)) continue;
            latencies.Add(arrived - published.Scheduled[i]);
            lastArrival = Math.Max(lastArrival, arrived);
        }

        var span = lastArrival == long.MinValue ? double.NaN : (lastArrival - published.Scheduled[0]) / (double)Stopwatch.Frequency;
        var cpu = cpuAfter.ToDictionary(c => c.Key, c => (c.Value - cpuBefore[c.Key]) * 1_000_000.0 / count, StringComparer.Ordinal);
        var ours = cpuAfter.Sum(c => c.Value - cpuBefore[c.Key]);
        return new RunResult(
            rate,
            count,
            published.Seconds,
            published.Failed,
            published.SendLag,
            Percentiles.FromTicks(latencies.ToArray()),
            latencies.Count / span,
            drained,
            drainSeconds,
            cpu,
            sidecarsAfter.Calls.Keys.ToDictionary(id => id, id => sidecarsAfter.Since(sidecarsBefore, id), StringComparer.Ordinal),
            sidecarsAfter.BindingQueries - sidecarsBefore.BindingQueries,
            fatesAfter - fatesBefore,
            loadBefore,
            loadAfter,
            Math.Max(0, (machineAfter.Busy - machineBefore.Busy - ours) / elapsed.TotalSeconds));
    }

    /// <summary>The 1-minute load average (/proc/loadavg).</summary>
    public static double LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;
}

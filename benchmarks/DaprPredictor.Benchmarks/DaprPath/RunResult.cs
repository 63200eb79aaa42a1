using System.Diagnostics;
using System.Globalization;
using DaprPredictor.Benchmarks.Infrastructure;
using DaprPredictor.Contracts;

namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>
/// One measured run: a slice of the feed published at a fixed rate through one rig, then drained until every event of
/// it has ended.
/// </summary>
/// <param name="ToPublished">From each event's scheduled publish to its first prediction (or dead letter) being published: the broker's record timestamp, whole milliseconds (±0.5 ms); redeliveries left out.</param>
/// <param name="ToConsumer">From the same scheduled time to that prediction's arrival at the rig's app (one delivery more).</param>
/// <param name="CompletedPerSecond">Events that ended, per second from the first scheduled publish to the last arrival.</param>
/// <param name="CpuMsPerThousand">CPU milliseconds per 1,000 events published, by process (delta of /proc/PID/stat over publish and drain).</param>
/// <param name="Cores">Cores' worth of CPU each process used over publish and drain.</param>
/// <param name="Calls">Calls each sidecar served or made during the run, by name (the fake's counters).</param>
/// <param name="Redelivered">Page views the feature extractor's sidecar delivered again (not acknowledged in time or at all).</param>
/// <param name="OtherCores">Cores' worth of CPU that processes outside the session used meanwhile (the machine is shared).</param>
internal sealed record RunResult(
    PipelineMode Mode,
    double Rate,
    int Events,
    double PublishSeconds,
    long PublishFailures,
    Percentiles SendLag,
    Percentiles ToPublished,
    Percentiles ToConsumer,
    double CompletedPerSecond,
    bool Drained,
    double DrainSeconds,
    IReadOnlyDictionary<string, double> CpuMsPerThousand,
    IReadOnlyDictionary<string, double> Cores,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Calls,
    long BindingQueries,
    long Redelivered,
    PipelineCounters Fates,
    double LoadBefore,
    double LoadAfter,
    double OtherCores)
{
    /// <summary>Our services' sidecars; the rig's own (the shop publishing, a consumer receiving) is not our side.</summary>
    public static IReadOnlyList<string> ServiceAppIds { get; } = [Topology.FeatureExtractorAppId, Topology.OfflineFeaturesAppId, Topology.ScorerAppId];

    public double CallsPerEvent(string appId) => Calls.TryGetValue(appId, out var calls) ? calls.Where(c => SidecarCallKinds.Of(c.Key) != SidecarCallKinds.Other).Sum(c => c.Value) / (double)Events : 0;

    public double CallsPerEvent(string appId, string name) =>
        Calls.TryGetValue(appId, out var calls) && calls.TryGetValue(name, out var n) ? n / (double)Events : 0;

    /// <summary>Calls of one kind per event over our three services' sidecars (an invocation counts at both ends).</summary>
    public double CallsPerEventOfKind(string kind) =>
        ServiceAppIds.Sum(id => Calls.TryGetValue(id, out var calls) ? calls.Where(c => SidecarCallKinds.Of(c.Key) == kind).Sum(c => c.Value) : 0) / (double)Events;

    /// <summary>Events per delivery to the feature extractor: 1 for single-event, the batches' mean size for bulk.</summary>
    public double EventsPerDelivery =>
        Calls.TryGetValue(Topology.FeatureExtractorAppId, out var calls) && calls.Where(c => SidecarCallKinds.Of(c.Key) == SidecarCallKinds.Delivery).Sum(c => c.Value) is > 0 and var deliveries
            ? Events / (double)deliveries
            : double.NaN;

    /// <param name="ours">Every process of the session (all rigs, MariaDB, this one), left out of <see cref="OtherCores"/>.</param>
    public static async Task<RunResult> MeasureAsync(DaprPathRig rig, IReadOnlyList<(string Name, int ProcessId)> measured, IReadOnlyList<int> ours,
        ClickstreamFeed feed, int from, int count, double rate, TimeSpan drainTimeout)
    {
        var loadBefore = LoadAverage();
        var machineBefore = MachineLoad.Snapshot();
        var cpuBefore = measured.ToDictionary(m => m.Name, m => HostProcess.CpuSecondsOf(m.ProcessId), StringComparer.Ordinal);
        var oursBefore = ours.Sum(HostProcess.CpuSecondsOf);
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
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = measured.ToDictionary(m => m.Name, m => HostProcess.CpuSecondsOf(m.ProcessId) - cpuBefore[m.Name], StringComparer.Ordinal);
        var oursUsed = ours.Sum(HostProcess.CpuSecondsOf) - oursBefore;
        var machineAfter = MachineLoad.Snapshot();
        var loadAfter = LoadAverage();
        await Task.Delay(500); // the Prometheus exporter may answer from a scrape a moment old
        var sidecarsAfter = await SidecarCounters.ReadAsync(rig.Http, rig.Stats);
        var fatesAfter = await PipelineCounters.ScrapeAsync(rig.Http, rig.FeatureExtractorMetrics);

        var toPublished = new List<long>(count);
        var toConsumer = new List<long>(count);
        var lastArrival = long.MinValue;
        for (var i = 0; i < count; i++)
        {
            if (!feed.First[from + i] || feed.EventIds[from + i] is not { } id || !rig.Sink.TryGetArrival(id, out var arrival)) continue;
            toConsumer.Add(arrival.ArrivedTimestamp - published.Scheduled[i]);
            lastArrival = Math.Max(lastArrival, arrival.ArrivedTimestamp);
            if (arrival.PublishedUnixMs != long.MinValue)
            {
                // The record timestamp is truncated to the millisecond: +0.5 ms centres it.
                var milliseconds = arrival.PublishedUnixMs + 0.5 - published.ScheduledUnixMs(i);
                toPublished.Add((long)(milliseconds * Stopwatch.Frequency / 1000));
            }
        }

        var span = lastArrival == long.MinValue ? double.NaN : (lastArrival - published.Scheduled[0]) / (double)Stopwatch.Frequency;
        var fatesOfRun = fatesAfter - fatesBefore;
        return new RunResult(
            rig.Mode,
            rate,
            count,
            published.Seconds,
            published.Failed,
            published.SendLag,
            Percentiles.FromTicks(toPublished.ToArray()),
            Percentiles.FromTicks(toConsumer.ToArray()),
            fatesOfRun.Settled / span,
            drained,
            drainSeconds,
            cpu.ToDictionary(c => c.Key, c => c.Value * 1_000_000.0 / count, StringComparer.Ordinal),
            cpu.ToDictionary(c => c.Key, c => c.Value / elapsed, StringComparer.Ordinal),
            sidecarsAfter.Calls.Keys.ToDictionary(id => id, id => sidecarsAfter.Since(sidecarsBefore, id), StringComparer.Ordinal),
            sidecarsAfter.BindingQueries - sidecarsBefore.BindingQueries,
            sidecarsAfter.PageViewRedeliveries - sidecarsBefore.PageViewRedeliveries,
            fatesOfRun,
            loadBefore,
            loadAfter,
            Math.Max(0, (machineAfter.Busy - machineBefore.Busy - oursUsed) / elapsed));
    }

    /// <summary>The 1-minute load average (/proc/loadavg).</summary>
    public static double LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;
}

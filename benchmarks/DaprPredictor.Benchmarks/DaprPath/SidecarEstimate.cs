using DaprPredictor.Contracts;

namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>
/// On paper: what real sidecars would cost per event for the calls a run measured, at <see cref="SidecarCost"/>'s
/// published per-call figures. CPU is per call, so per event it is the calls per event times the per-call CPU, and it
/// scales with the rate. Latency is per call on an event's path, summed along it (percentiles do not add: the p99 sum
/// is an upper bound): an event waits for every call its delivery makes through the feature extractor's and the
/// scorer's sidecars (one each for single-event, one per batch for bulk: the calls per event times the events per
/// delivery), and for an offline-features lookup (invocation, cache read, query, cache write) when its delivery has
/// a new session; a batch's lookups run in parallel, so a batch waits for at most one. A bulk call costs at least
/// what one call costs, so for bulk these are lower bounds.
/// </summary>
internal sealed record SidecarEstimate(double CpuMsPerEvent, double RecentCpuMsPerEvent, double AddedP50Ms, double AddedP90Ms, double AddedP99Ms)
{
    /// <param name="callsPerEvent">By app id, then by <see cref="SidecarCallKinds"/> kind.</param>
    public static SidecarEstimate From(IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> callsPerEvent, double eventsPerDelivery)
    {
        var perDelivery = double.IsNaN(eventsPerDelivery) || eventsPerDelivery < 1 ? 1 : eventsPerDelivery;
        double Of(string appId, string kind) => callsPerEvent.GetValueOrDefault(appId)?.GetValueOrDefault(kind) ?? 0;

        // Lookups per event, as the offline-features sidecar saw them arrive; the feature extractor's other invocations are the scorer's.
        var lookups = Of(Topology.OfflineFeaturesAppId, SidecarCallKinds.Invoke);
        var lookupsOnPath = 1 - Math.Pow(1 - Math.Min(lookups, 1), perDelivery);
        var path = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string kind, double calls) => path[kind] = path.GetValueOrDefault(kind) + calls;
        foreach (var kind in SidecarCallKinds.All)
        {
            var extractor = Of(Topology.FeatureExtractorAppId, kind) - (kind == SidecarCallKinds.Invoke ? lookups : 0);
            Add(kind, (Math.Max(0, extractor) + Of(Topology.ScorerAppId, kind)) * perDelivery);
            // One lookup's calls: the invocation at both ends, and what offline-features' sidecar does for it.
            var perLookup = kind == SidecarCallKinds.Invoke ? 2 : lookups > 0 ? Of(Topology.OfflineFeaturesAppId, kind) / lookups : 0;
            Add(kind, perLookup * lookupsOnPath);
        }

        double Cpu(Func<SidecarCost, double> figure) =>
            callsPerEvent.Values.SelectMany(c => c).Sum(c => SidecarCost.ByKind.TryGetValue(c.Key, out var cost) ? c.Value * figure(cost) : 0);
        double Latency(Func<SidecarCost, double> figure) =>
            path.Sum(c => SidecarCost.ByKind.TryGetValue(c.Key, out var cost) ? c.Value * figure(cost) : 0);
        return new SidecarEstimate(
            Cpu(c => c.VcpuPer1000),
            Cpu(c => c.RecentVcpuPer1000),
            Latency(c => c.AddedP50Ms),
            Latency(c => c.AddedP90Ms),
            Latency(c => c.AddedP99Ms));
    }

    /// <summary>vCPUs the sidecars need at <paramref name="eventsPerSecond"/>.</summary>
    public (double Docs, double Recent) Vcpus(double eventsPerSecond) => (CpuMsPerEvent * eventsPerSecond / 1000, RecentCpuMsPerEvent * eventsPerSecond / 1000);
}

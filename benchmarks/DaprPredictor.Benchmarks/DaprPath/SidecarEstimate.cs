namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>
/// On paper: what real sidecars would cost per event for the calls a run measured, at <see cref="SidecarCost"/>'s
/// published per-call figures. CPU is per call, so per event it is the calls per event times the per-call CPU, and it
/// scales with the rate. Latency is per call on an event's path: an event waits for every call of its delivery (one
/// call each for single-event, one per batch for bulk), so the path has the calls per event times the events per
/// delivery; the per-call figures are summed along it (percentiles do not add: the p99 sum is an upper bound).
/// A bulk call costs at least what one call costs, so for bulk these are lower bounds.
/// </summary>
internal sealed record SidecarEstimate(double CpuMsPerEvent, double RecentCpuMsPerEvent, double AddedP50Ms, double AddedP90Ms, double AddedP99Ms)
{
    public static SidecarEstimate From(IReadOnlyDictionary<string, double> callsPerEventByKind, double eventsPerDelivery)
    {
        double Sum(Func<SidecarCost, double> figure, double scale = 1) =>
            callsPerEventByKind.Sum(c => SidecarCost.ByKind.TryGetValue(c.Key, out var cost) ? c.Value * scale * figure(cost) : 0);
        var path = double.IsNaN(eventsPerDelivery) ? 1 : eventsPerDelivery;
        return new SidecarEstimate(
            Sum(c => c.VcpuPer1000),
            Sum(c => c.RecentVcpuPer1000),
            Sum(c => c.AddedP50Ms, path),
            Sum(c => c.AddedP90Ms, path),
            Sum(c => c.AddedP99Ms, path));
    }

    /// <summary>vCPUs the sidecars need at <paramref name="eventsPerSecond"/>.</summary>
    public (double Docs, double Recent) Vcpus(double eventsPerSecond) => (CpuMsPerEvent * eventsPerSecond / 1000, RecentCpuMsPerEvent * eventsPerSecond / 1000);
}

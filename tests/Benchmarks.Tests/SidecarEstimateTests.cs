using DaprPredictor.Benchmarks.DaprPath;

namespace DaprPredictor.Benchmarks.Tests;

/// <summary>The on-paper sidecar cost docs/benchmarks.md reports, from calls per event and Dapr's per-call figures.</summary>
public sealed class SidecarEstimateTests
{
    private static readonly Dictionary<string, double> OneOfEach = new(StringComparer.Ordinal)
    {
        [SidecarCallKinds.Delivery] = 1,
        [SidecarCallKinds.StateGet] = 1,
        [SidecarCallKinds.StateSave] = 1,
        [SidecarCallKinds.Invoke] = 2, // one invocation: the caller's sidecar and the callee's
        [SidecarCallKinds.Publish] = 1,
    };

    [Fact]
    public void AnEventsCallsCostTheirPublishedCpuAndAddTheirPublishedLatency()
    {
        var estimate = SidecarEstimate.From(OneOfEach, eventsPerDelivery: 1);

        // 0.2 + 0.3 + 0.3 + 2 × 0.48 + 0.2 vCPU per 1,000 calls/s, i.e. CPU ms per call.
        Assert.Equal(1.96, estimate.CpuMsPerEvent, 6);
        Assert.Equal(1.96, estimate.Vcpus(1_000).Docs, 6);
        Assert.Equal(0.105 + 0.3 + 0.3 + 2 * 0.202 + 0.105, estimate.Vcpus(1_000).Recent, 6);
        Assert.Equal(19.6, estimate.Vcpus(10_000).Docs, 6);
        // The invocation's end-to-end figure once, not once per sidecar.
        Assert.Equal(0.53 + 0.12 + 0.12 + 1.06 + 0.53, estimate.AddedP50Ms, 6);
        Assert.Equal(0.64 + 0.75 + 0.75 + 1.40 + 0.64, estimate.AddedP90Ms, 6);
        Assert.Equal(1.91 + 1.52 + 1.52 + 2.10 + 1.91, estimate.AddedP99Ms, 6);
    }

    [Fact]
    public void ABatchSharesItsCallsCpuButEachEventWaitsForAllOfThem()
    {
        var perEvent = OneOfEach.ToDictionary(c => c.Key, c => c.Value / 100, StringComparer.Ordinal);

        var bulk = SidecarEstimate.From(perEvent, eventsPerDelivery: 100);
        var single = SidecarEstimate.From(OneOfEach, eventsPerDelivery: 1);

        Assert.Equal(single.CpuMsPerEvent / 100, bulk.CpuMsPerEvent, 6);
        Assert.Equal(single.AddedP50Ms, bulk.AddedP50Ms, 6);
    }

    [Fact]
    public void CallsThatAreNotPerEventCostNothing()
    {
        var estimate = SidecarEstimate.From(new Dictionary<string, double>(StringComparer.Ordinal) { [SidecarCallKinds.Other] = 5 }, 1);

        Assert.Equal(0, estimate.CpuMsPerEvent);
        Assert.Equal(0, estimate.AddedP99Ms);
    }
}

using DaprPredictor.Benchmarks.DaprPath;
using DaprPredictor.Contracts;

namespace DaprPredictor.Benchmarks.Tests;

/// <summary>The on-paper sidecar cost docs/benchmarks.md reports, from calls per event and Dapr's per-call figures.</summary>
public sealed class SidecarEstimateTests
{
    /// <summary>One event's calls without a lookup: delivery, window read and save, the scorer's invocation at both ends, the publish.</summary>
    private static Dictionary<string, IReadOnlyDictionary<string, double>> Calls(double scale = 1, double lookups = 0) => new(StringComparer.Ordinal)
    {
        [Topology.FeatureExtractorAppId] = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [SidecarCallKinds.Delivery] = scale,
            [SidecarCallKinds.StateGet] = scale,
            [SidecarCallKinds.StateSave] = scale,
            [SidecarCallKinds.Invoke] = scale + lookups,
            [SidecarCallKinds.Publish] = scale,
        },
        [Topology.ScorerAppId] = new Dictionary<string, double>(StringComparer.Ordinal) { [SidecarCallKinds.Invoke] = scale },
        [Topology.OfflineFeaturesAppId] = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [SidecarCallKinds.Invoke] = lookups,
            [SidecarCallKinds.StateGet] = lookups,
            [SidecarCallKinds.Binding] = lookups,
            [SidecarCallKinds.StateSave] = lookups,
        },
    };

    [Fact]
    public void AnEventsCallsCostTheirPublishedCpuAndAddTheirPublishedLatency()
    {
        var estimate = SidecarEstimate.From(Calls(), eventsPerDelivery: 1);

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
        var bulk = SidecarEstimate.From(Calls(scale: 0.01), eventsPerDelivery: 100);
        var single = SidecarEstimate.From(Calls(), eventsPerDelivery: 1);

        Assert.Equal(single.CpuMsPerEvent / 100, bulk.CpuMsPerEvent, 6);
        Assert.Equal(single.AddedP50Ms, bulk.AddedP50Ms, 6);
    }

    [Fact]
    public void ALookupAddsItsCallsForTheEventsThatMakeOneAndABatchWaitsForAtMostOneOfItsParallelLookups()
    {
        // One lookup: the invocation (+1.06 ms) and offline-features' cache read, query and cache write (+0.12 ms each).
        const double Lookup = 1.06 + 3 * 0.12;
        var single = SidecarEstimate.From(Calls(lookups: 0.2), eventsPerDelivery: 1);
        var bulk = SidecarEstimate.From(Calls(scale: 0.01, lookups: 0.2), eventsPerDelivery: 100);
        var withoutLookups = SidecarEstimate.From(Calls(), eventsPerDelivery: 1).AddedP50Ms;

        Assert.Equal(withoutLookups + 0.2 * Lookup, single.AddedP50Ms, 6);
        Assert.Equal(withoutLookups + (1 - Math.Pow(0.8, 100)) * Lookup, bulk.AddedP50Ms, 6);
        // CPU counts every lookup: 0.2 × (2 × 0.48 + 3 × 0.3) more per event.
        Assert.Equal(0.0196 + 0.2 * (2 * 0.48 + 3 * 0.3), bulk.CpuMsPerEvent, 6);
    }

    [Fact]
    public void CallsThatAreNotPerEventCostNothing()
    {
        var calls = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal)
        {
            [Topology.FeatureExtractorAppId] = new Dictionary<string, double>(StringComparer.Ordinal) { [SidecarCallKinds.Other] = 5 },
        };

        var estimate = SidecarEstimate.From(calls, 1);

        Assert.Equal(0, estimate.CpuMsPerEvent);
        Assert.Equal(0, estimate.AddedP99Ms);
    }
}

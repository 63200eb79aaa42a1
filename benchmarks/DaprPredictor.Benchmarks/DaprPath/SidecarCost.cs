namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>
/// What Dapr's published performance figures say one sidecar call of a kind costs: the sidecar's CPU per 1,000
/// calls/s (= CPU milliseconds per call), as the docs page gives it and as the latest perf report gives it where it
/// does, and the latency the sidecar adds per call at p50, p90 and p99.
/// </summary>
internal sealed record SidecarCost(string Kind, double VcpuPer1000, double RecentVcpuPer1000, double AddedP50Ms, double AddedP90Ms, double AddedP99Ms, string Source)
{
    private const string InvocationPage = "docs.dapr.io/operations/performance-and-scalability/perf-service-invocation (Dapr v1.0)";
    private const string PubSubPage = "dapr/docs daprdocs/content/en/operations/performance-and-scalability/perf-pubsub.md (Dapr v1.12)";
    private const string StatePage = "dapr/docs daprdocs/content/en/operations/performance-and-scalability/perf-state.md (Dapr v1.12)";
    private const string Report = "dapr/dapr tests/perf/report/charts/v1.17.0";

    /// <summary>
    /// By kind. An invocation is two sidecar calls (caller and callee), so each carries half the end-to-end added
    /// latency the page gives. Delivery to the app and the binding have no figure of their own: the publish and the
    /// state figures stand in for them.
    /// </summary>
    public static IReadOnlyDictionary<string, SidecarCost> ByKind { get; } = new Dictionary<string, SidecarCost>(StringComparer.Ordinal)
    {
        [SidecarCallKinds.Invoke] = new(SidecarCallKinds.Invoke, 0.48, 0.202, 1.06 / 2, 1.40 / 2, 2.10 / 2,
            $"{InvocationPage}: 0.48 vCPU per sidecar per 1,000 requests/s, +1.40 ms p90 and +2.10 ms p99 end to end (both sidecars); {Report}/service_invocation/http: +1.06 ms p50, 202 mCPU"),
        [SidecarCallKinds.Publish] = new(SidecarCallKinds.Publish, 0.2, 0.105, 0.53, 0.64, 1.91,
            $"{PubSubPage}: ~0.2 vCPU at 1,000 publishes/s, +0.64 ms p90 and +1.91 ms p99 (gRPC); {Report}/pubsub/grpc: +0.53 ms p50, 105 mCPU"),
        [SidecarCallKinds.Delivery] = new(SidecarCallKinds.Delivery, 0.2, 0.105, 0.53, 0.64, 1.91, "no published figure: the publish figures stand in"),
        [SidecarCallKinds.StateGet] = new(SidecarCallKinds.StateGet, 0.3, 0.3, 0.12, 0.75, 1.52,
            $"{StatePage}: ~0.3 vCPU at 1,000 gets/s, +0.75 ms p90 and +1.52 ms p99 (gRPC); {Report}/state: +0.12 ms p50 (no CPU figure)"),
        [SidecarCallKinds.StateSave] = new(SidecarCallKinds.StateSave, 0.3, 0.3, 0.12, 0.75, 1.52, "no published figure for saves: the get figures stand in"),
        [SidecarCallKinds.Binding] = new(SidecarCallKinds.Binding, 0.3, 0.3, 0.12, 0.75, 1.52, "no published figure: the state figures stand in"),
    };
}

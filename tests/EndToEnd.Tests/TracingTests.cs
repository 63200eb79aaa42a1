using System.Collections.Concurrent;
using System.Diagnostics;
using DaprPredictor.Testing;
using OpenTelemetry.Trace;

namespace DaprPredictor.EndToEnd.Tests;

/// <summary>
/// One page view is one trace: the W3C trace context daprd delivers it with continues through the feature extractor's
/// invocations of offline-features and the scorer, and through its publish of the prediction. Each service's own
/// OpenTelemetry pipeline (ServiceDefaults) exports its spans to an in-memory exporter.
/// </summary>
public sealed class TracingTests(TrainedModels models) : IClassFixture<TrainedModels>
{
    [Fact]
    public async Task OnePageViewIsOneTraceAcrossTheFeatureExtractorOfflineFeaturesAndTheScorer()
    {
        var exported = new ConcurrentDictionary<string, List<Activity>>();
        await using var services = await ThreeServices.StartAsync(models.First.Path, (appId, host) =>
            host.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(exported.GetOrAdd(appId, _ => []))));
        var traceId = ActivityTraceId.CreateRandom();
        var published = $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01"; // the simulator's publish, in the CloudEvent
        var delivered = ActivitySpanId.CreateRandom();                         // daprd's delivery span, in the header

        var fate = await services.FeatureExtractor.DeliverAsync(CloudEvents.For(CloudEvents.PageView(userId: "u-traced"), published), $"00-{traceId}-{delivered}-01");

        Assert.Equal("SUCCESS", fate);
        var trace = Spans(exported).Where(s => s.TraceId == traceId).ToList();
        var delivery = Assert.Single(trace, s => s.Kind == ActivityKind.Server && Route(s) == "/events/page-views");
        Assert.Equal(delivered, delivery.ParentSpanId);
        var features = Assert.Single(trace, s => s.Kind == ActivityKind.Server && Route(s) == "/features");
        Assert.Single(trace, s => s.Kind == ActivityKind.Server && Route(s) == "/score");

        // offline-features' query through its own sidecar's MySQL binding belongs to the same trace.
        Assert.Contains(trace, s => s.ParentSpanId == features.SpanId && Call(s) == "dapr.proto.runtime.v1.Dapr/InvokeBinding");

        // The feature extractor's calls to its sidecar are children of the delivery: the two invocations over HTTP, and the
        // state and publish calls over gRPC.
        var calls = trace.Where(s => s.Kind == ActivityKind.Client && s.ParentSpanId == delivery.SpanId).Select(Call).ToList();
        Assert.Contains("GET /v1.0/invoke/offline-features/method/features", calls);
        Assert.Contains("POST /v1.0/invoke/scorer/method/score", calls);
        Assert.Contains("dapr.proto.runtime.v1.Dapr/GetState", calls);
        Assert.Contains("dapr.proto.runtime.v1.Dapr/PublishEvent", calls);
        Assert.Contains("dapr.proto.runtime.v1.Dapr/SaveState", calls);
    }

    /// <summary>Every span any host exported, once (the hosts share the process, so each pipeline may see the others' spans).</summary>
    private static List<Activity> Spans(ConcurrentDictionary<string, List<Activity>> exported)
    {
        var all = new List<Activity>();
        foreach (var list in exported.Values)
        {
            lock (list) all.AddRange(list);
        }

        return [.. all.DistinctBy(s => s.SpanId)];
    }

    private static string? Route(Activity span) => span.GetTagItem("http.route") as string;

    /// <summary>A gRPC call as its service/method (the span's name); an HTTP call as "METHOD /path".</summary>
    private static string Call(Activity span) =>
        span.Source.Name == "OpenTelemetry.Instrumentation.GrpcNetClient" ? span.DisplayName
        : $"{span.GetTagItem("http.request.method")} {(span.GetTagItem("url.full") is string url ? new Uri(url).AbsolutePath : null)}";
}

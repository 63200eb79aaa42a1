using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using DaprPredictor.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>
/// The rig's own app, a consumer of what the pipeline publishes: through its sidecar it subscribes to
/// <c>predictions</c> and <c>page-views-dead-letter</c>, and notes for each event's first prediction (or dead letter)
/// when it was published, by the broker's record timestamp that daprd passes on with the delivery (the Kafka
/// component's <c>__timestamp</c> metadata, Unix milliseconds, as a header), and when it arrived here.
/// </summary>
internal sealed class PredictionSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, PredictionArrival> _arrivals = new(StringComparer.Ordinal);
    private long _predictions, _rejections, _forwards;

    private PredictionSink(WebApplication app) => _app = app;

    /// <summary>Predictions received, repeats included (a prediction is at least once).</summary>
    public long Predictions => Interlocked.Read(ref _predictions);

    /// <summary>Our dead letters (type <see cref="Topology.RejectionEventType"/>), one per rejected event.</summary>
    public long Rejections => Interlocked.Read(ref _rejections);

    /// <summary>daprd's forwards of dropped page views to the dead-letter topic (their original type).</summary>
    public long Forwards => Interlocked.Read(ref _forwards);

    /// <summary>When the first prediction or dead letter for <paramref name="eventId"/> was published and arrived.</summary>
    public bool TryGetArrival(string eventId, out PredictionArrival arrival) => _arrivals.TryGetValue(eventId, out arrival);

    public static async Task<PredictionSink> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sink = new PredictionSink(app);
        app.MapGet("/dapr/subscribe", () => Results.Text(
            $$"""[{"pubsubname":"{{Topology.PubSubComponent}}","topic":"{{Topology.PredictionsTopic}}","route":"/predictions"},{"pubsubname":"{{Topology.PubSubComponent}}","topic":"{{Topology.DeadLetterTopic}}","route":"/dead-letters"}]""",
            "application/json"));
        app.MapPost("/predictions", async (HttpRequest request) =>
        {
            var arrived = Stopwatch.GetTimestamp();
            using var cloudEvent = await JsonDocument.ParseAsync(request.Body);
            Interlocked.Increment(ref sink._predictions);
            sink.Arrived(cloudEvent.RootElement, request, arrived);
            return Results.Ok();
        });
        app.MapPost("/dead-letters", async (HttpRequest request) =>
        {
            var arrived = Stopwatch.GetTimestamp();
            using var cloudEvent = await JsonDocument.ParseAsync(request.Body);
            if (cloudEvent.RootElement.TryGetProperty("type", out var type) && type.GetString() == Topology.RejectionEventType)
            {
                Interlocked.Increment(ref sink._rejections);
                sink.Arrived(cloudEvent.RootElement, request, arrived);
            }
            else
            {
                Interlocked.Increment(ref sink._forwards);
            }

            return Results.Ok();
        });
        await app.StartAsync();
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Arrived(JsonElement cloudEvent, HttpRequest request, long timestamp)
    {
        if (cloudEvent.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("eventId", out var id) && id.ValueKind == JsonValueKind.String)
        {
            var published = long.TryParse(request.Headers["__timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : long.MinValue;
            _arrivals.TryAdd(id.GetString()!, new PredictionArrival(published, timestamp));
        }
    }
}

extern alias FeatureExtractorApp;
using System.Net.Http.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.FakeDaprd;
using DaprPredictor.FakeDaprd.Hosting;
using DaprPredictor.Pipeline.Predictions;
using FeatureExtractorApp::DaprPredictor.FeatureExtractor.Subscriptions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Xunit;

namespace DaprPredictor.Testing;

/// <summary>
/// The feature extractor with only its boundaries swapped: its sidecar is a fake daprd on loopback ports, which the
/// app's own DaprClient (built from Dapr:GrpcEndpoint / Dapr:HttpEndpoint as in production) reaches over gRPC and HTTP;
/// the apps it invokes through the sidecar (offline-features, scorer) are one WireMock server; the clock is fake.
/// The app is referenced through an alias: a test project may host two apps, each with its own <c>Program</c>.
/// </summary>
public sealed class FeatureExtractorFactory : WebApplicationFactory<FeatureExtractorApp::Program>
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Now);

    /// <summary>The fake daprd: state, published messages, failure injection.</summary>
    public Daprd Dapr => _dapr ??= NewSidecar();

    /// <summary>The apps behind the sidecar's invoke route: offline-features and the scorer, at their own paths.</summary>
    public WireMockServer Apps { get; } = WireMockServer.Start();

    /// <summary>The token the app sends to its sidecar (DAPR_API_TOKEN); the fake daprd then refuses calls without it.</summary>
    public string? DaprApiToken { get; init; }

    public string? AppApiToken { get; init; }

    /// <summary>Find the sidecar as <c>dapr run</c> tells an app: by DAPR_HTTP_PORT and DAPR_GRPC_PORT on localhost, not by Dapr:*Endpoint.</summary>
    public bool SidecarByPorts { get; init; }

    /// <summary>The fake daprd's <c>--max-body-size</c> (4 MiB, daprd's default, unless a test needs it smaller).</summary>
    public int SidecarMaxBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The Dapr version the fake daprd reproduces where versions differ (e.g. bulk publish's name).</summary>
    public Version RuntimeVersion { get; init; } = new(1, 18);

    /// <summary>More services for the host, after the boundaries are swapped (e.g. a telemetry exporter).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>Configuration overrides, e.g. "Pipeline:OfflineFeaturesTimeout".</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    private Daprd? _dapr;
    private DaprdHost? _sidecar;

    public CapturedLogs Logs { get; } = new();

    public PipelineCounts Counts => Services.GetRequiredService<PipelineMetrics>().Snapshot();

    /// <summary>The dead letters the app published, in order.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters =>
        Dapr.PublishedTo(Topology.DeadLetterTopic).Select(m => System.Text.Json.JsonSerializer.Deserialize(m.Json, ContractsJsonContext.Default.DeadLetter)!).ToList();

    /// <summary>
    /// POSTs a delivery to the subscription route as daprd does; the fate the app answered (SUCCESS, RETRY, DROP).
    /// <paramref name="traceparent"/> is the header daprd sends with it: its own delivery span, a child of the
    /// CloudEvent's traceparent (dapr/dapr pkg/runtime/subscription/postman/http/http.go, pkg/channel/http/http_channel.go).
    /// </summary>
    public async Task<string> DeliverAsync(HttpContent cloudEvent, string? traceparent = null)
    {
        using var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, PageViewSubscriptionApi.Route) { Content = cloudEvent };
        if (traceparent is not null) request.Headers.Add("traceparent", traceparent);
        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.TopicResponse))!.Status;
    }

    /// <summary>
    /// POSTs a bulk delivery to the bulk route as daprd does (the host needs <see cref="BulkSettings"/>); each entry's
    /// status, in the order the app answered them.
    /// </summary>
    public async Task<IReadOnlyList<BulkTopicResponseEntry>> DeliverBulkAsync(HttpContent envelope)
    {
        using var client = CreateClient();
        using var response = await client.PostAsync(PageViewBulkSubscriptionApi.Route, envelope);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"a bulk delivery is answered 200: got {(int)response.StatusCode} {body}");
        return System.Text.Json.JsonSerializer.Deserialize(body, ContractsJsonContext.Default.BulkTopicResponse)!.Statuses;
    }

    /// <summary>Each entry's status of a bulk delivery whose entries are numbered from "0", in entry order.</summary>
    public async Task<string[]> DeliverBulkStatusesAsync(HttpContent envelope) =>
        [.. (await DeliverBulkAsync(envelope)).OrderBy(s => int.Parse(s.EntryId, System.Globalization.CultureInfo.InvariantCulture)).Select(s => s.Status)];

    /// <summary>Bulk subscribe on (<c>PageViews:Bulk</c>), with <paramref name="maxMessages"/> per batch.</summary>
    public static Dictionary<string, string> BulkSettings(int maxMessages = 100, int awaitMs = 1000) => new()
    {
        ["PageViews:Bulk:Enabled"] = "true",
        ["PageViews:Bulk:MaxMessagesCount"] = maxMessages.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PageViews:Bulk:MaxAwaitDurationMs"] = awaitMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Lets the fake daprd deliver to the app as daprd does once the app listens: it reads <c>GET /dapr/subscribe</c> and
    /// delivers each subscribed topic from its broker (<see cref="Broker"/> partitions), single or bulk as the app asks.
    /// </summary>
    public Task<IReadOnlyList<FakeDaprd.PubSub.Subscription>> SubscribeAsync()
    {
        Dapr.ConnectApp(Server.CreateHandler(), appApiToken: AppApiToken);
        return Dapr.SubscribeAppAsync();
    }

    /// <summary>The fake broker's topics (Kafka-like partitions), for <see cref="SubscribeAsync"/>.</summary>
    public FakeDaprd.PubSub.BrokerOptions? Broker { get; init; }

    /// <summary>Delivers a corpus case's earlier events, then the case itself, which must be dropped.</summary>
    public async Task DeliverAsync(BadMessage bad)
    {
        foreach (var before in bad.Before) Assert.Equal("SUCCESS", await DeliverAsync(CloudEvents.For(before)));
        Assert.Equal("DROP", await DeliverAsync(CloudEvents.For(bad)));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        _sidecar ??= DaprdHost.StartAsync(Dapr).GetAwaiter().GetResult();
        if (SidecarByPorts)
        {
            builder.UseSetting("DAPR_HTTP_PORT", _sidecar.HttpEndpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("DAPR_GRPC_PORT", _sidecar.GrpcEndpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            builder.UseSetting("Dapr:HttpEndpoint", _sidecar.HttpEndpoint.ToString());
            builder.UseSetting("Dapr:GrpcEndpoint", _sidecar.GrpcEndpoint.ToString());
        }

        if (DaprApiToken is not null) builder.UseSetting("Dapr:ApiToken", DaprApiToken);
        if (AppApiToken is not null) builder.UseSetting("Dapr:AppApiToken", AppApiToken);
        // The production deadlines (250 ms for offline features, 5 s per invocation) are for a warm service on its own
        // machine; a test's first call pays for JIT and connection setup on a shared, loaded CI machine. A test about a
        // deadline sets its own in Settings.
        builder.UseSetting("Pipeline:OfflineFeaturesTimeout", "00:00:30");
        builder.UseSetting("Dapr:InvocationTimeout", "00:01:00");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            TestServices?.Invoke(services);
        });
    }

    /// <summary>offline-features answers the given features for any user (or fails with <paramref name="status"/>).</summary>
    public void OfflineFeaturesAnswer(PurchaseFeatures features, TimeSpan? delay = null, int status = 200) =>
        OfflineFeaturesAnswer((userId, asOf) => new UserOfflineFeatures(userId, asOf, features), delay, status);

    /// <summary>offline-features answers what <paramref name="lookup"/> computes from the user id and as-of time in the request.</summary>
    public void OfflineFeaturesAnswer(Func<string, DateTimeOffset, UserOfflineFeatures> lookup, TimeSpan? delay = null, int status = 200)
    {
        var response = Response.Create().WithCallback(request =>
        {
            // Read as offline-features reads it: ASP.NET Core's query parsing of the raw query daprd forwards.
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.RawQuery);
            var userId = query["userId"].ToString();
            var asOf = DateTimeOffset.Parse(query["asOf"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            return Json(status, System.Text.Json.JsonSerializer.Serialize(lookup(userId, asOf), ContractsJsonContext.Default.UserOfflineFeatures));
        });
        if (delay is { } d) response = response.WithDelay(d);
        Apps.Given(Request.Create().WithPath("/features").UsingGet())
            .RespondWith(response);

        // The bulk path's batch: each pair answered as the GET answers it, in order (offline-features' POST /features/batch).
        var batch = Response.Create().WithCallback(request =>
        {
            var pairs = System.Text.Json.JsonSerializer.Deserialize(request.Body!, ContractsJsonContext.Default.OfflineFeaturesBatchRequest)!.Pairs;
            return Json(status, System.Text.Json.JsonSerializer.Serialize(
                new OfflineFeaturesBatchResponse([.. pairs.Select(p => lookup(p.UserId, p.AsOf))]), ContractsJsonContext.Default.OfflineFeaturesBatchResponse));
        });
        if (delay is { } batchDelay) batch = batch.WithDelay(batchDelay);
        Apps.Given(Request.Create().WithPath("/features/batch").UsingPost())
            .RespondWith(batch);
    }

    /// <summary>The offline-features requests of the bulk path: the pairs of each <c>POST /features/batch</c>, in order.</summary>
    public IReadOnlyList<OfflineFeaturesPair[]> OfflineBatches =>
        [.. Apps.LogEntries.Where(e => e.RequestMessage.Path == "/features/batch")
            .Select(e => System.Text.Json.JsonSerializer.Deserialize(e.RequestMessage.Body!, ContractsJsonContext.Default.OfflineFeaturesBatchRequest)!.Pairs)];

    /// <summary>The scorer answers <paramref name="probability"/> (or fails with <paramref name="status"/>).</summary>
    public void ScorerAnswers(double probability, int status = 200) => ScorerAnswers(_ => probability, status);

    /// <summary>The scorer answers what <paramref name="score"/> computes from each vector in the request (one, or a batch).</summary>
    public void ScorerAnswers(Func<float[], double> score, int status = 200) =>
        Apps.Given(Request.Create().WithPath("/score").UsingPost())
            .RespondWith(Response.Create().WithCallback(request =>
            {
                if (status != 200) return Json(status, """{"title":"model not loaded"}""");
                var scoring = System.Text.Json.JsonSerializer.Deserialize(request.Body!, ContractsJsonContext.Default.ScoreRequest)!;
                var vectors = scoring.Features is { } one ? [one] : scoring.Batch!;
                return Json(200, System.Text.Json.JsonSerializer.Serialize(
                    new ScoreResponse("m-test", FeatureSchema.Version, [.. vectors.Select(score)]), ContractsJsonContext.Default.ScoreResponse));
            }));

    private static WireMock.ResponseMessage Json(int status, string body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new WireMock.Util.BodyData { DetectedBodyType = WireMock.Types.BodyType.String, BodyAsString = body },
    };

    private Daprd NewSidecar()
    {
        var daprd = new Daprd(Clock, new DaprdOptions
        {
            AppId = Topology.FeatureExtractorAppId,
            StateStores = [Topology.StateStoreComponent],
            PubSubs = [Topology.PubSubComponent],
            ApiToken = DaprApiToken,
            RuntimeVersion = RuntimeVersion,
            MaxBodyBytes = SidecarMaxBodyBytes,
        }, new Backends(Clock, Broker));
        daprd.MapApp(Topology.OfflineFeaturesAppId, new Uri(Apps.Url!));
        daprd.MapApp(Topology.ScorerAppId, new Uri(Apps.Url!));
        return daprd;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Apps.Stop();
        _sidecar?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

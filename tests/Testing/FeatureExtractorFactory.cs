extern alias FeatureExtractorApp;
using System.Net.Http.Json;
using Dapr.Client;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Pipeline.Predictions;
using FeatureExtractorApp::DaprPredictor.FeatureExtractor.Subscriptions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using Xunit;

namespace DaprPredictor.Testing;

/// <summary>
/// The feature extractor with only its boundaries swapped: the sidecar's gRPC side (state, publish) is a
/// <see cref="FakeDaprClient"/>, its HTTP invoke side is a WireMock server, and the clock is fake.
/// The app is referenced through an alias: a test project may host two apps, each with its own <c>Program</c>.
/// </summary>
public sealed class FeatureExtractorFactory : WebApplicationFactory<FeatureExtractorApp::Program>
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Now);

    public FakeDaprClient Dapr { get; }

    public WireMockServer Sidecar { get; } = WireMockServer.Start();

    public string? AppApiToken { get; init; }

    /// <summary>Configuration overrides, e.g. "Pipeline:OfflineFeaturesTimeout".</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public FeatureExtractorFactory() => Dapr = new FakeDaprClient(Clock);

    public PipelineCounts Counts => Services.GetRequiredService<PipelineMetrics>().Snapshot();

    /// <summary>The dead letters the app published, in order.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters =>
        Dapr.PublishedTo(Topology.DeadLetterTopic).Select(m => System.Text.Json.JsonSerializer.Deserialize(m.Json, ContractsJsonContext.Default.DeadLetter)!).ToList();

    /// <summary>POSTs a delivery to the subscription route as daprd does; the fate the app answered (SUCCESS, RETRY, DROP).</summary>
    public async Task<string> DeliverAsync(HttpContent cloudEvent)
    {
        using var client = CreateClient();
        using var response = await client.PostAsync(PageViewSubscriptionApi.Route, cloudEvent);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.TopicResponse))!.Status;
    }

    /// <summary>Delivers a corpus case's earlier events, then the case itself, which must be dropped.</summary>
    public async Task DeliverAsync(BadMessage bad)
    {
        foreach (var before in bad.Before) Assert.Equal("SUCCESS", await DeliverAsync(CloudEvents.For(before)));
        Assert.Equal("DROP", await DeliverAsync(CloudEvents.For(bad)));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Dapr:HttpEndpoint", Sidecar.Url);
        builder.UseSetting("Dapr:GrpcEndpoint", "http://127.0.0.1:9"); // never dialled: the DaprClient is fake
        if (AppApiToken is not null) builder.UseSetting("Dapr:AppApiToken", AppApiToken);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<DaprClient>();
            services.AddSingleton<DaprClient>(Dapr);
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
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
            var userId = Uri.UnescapeDataString(request.PathSegments[^2]);
            var asOf = DateTimeOffset.Parse(request.Query!["asOf"][0], System.Globalization.CultureInfo.InvariantCulture);
            return Json(status, System.Text.Json.JsonSerializer.Serialize(lookup(userId, asOf), ContractsJsonContext.Default.UserOfflineFeatures));
        });
        if (delay is { } d) response = response.WithDelay(d);
        Sidecar.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("^/v1.0/invoke/offline-features/method/users/[^/]+/features$")).UsingGet())
            .RespondWith(response);
    }

    /// <summary>The scorer answers <paramref name="probability"/> (or fails with <paramref name="status"/>).</summary>
    public void ScorerAnswers(double probability, int status = 200) => ScorerAnswers(_ => probability, status);

    /// <summary>The scorer answers what <paramref name="score"/> computes from the vector in the request.</summary>
    public void ScorerAnswers(Func<float[], double> score, int status = 200) =>
        Sidecar.Given(Request.Create().WithPath("/v1.0/invoke/scorer/method/score").UsingPost())
            .RespondWith(Response.Create().WithCallback(request => status != 200
                ? Json(status, """{"title":"model not loaded"}""")
                : Json(200, System.Text.Json.JsonSerializer.Serialize(
                    new ScoreResponse("m-test", FeatureSchema.Version, [score(System.Text.Json.JsonSerializer.Deserialize(request.Body!, ContractsJsonContext.Default.ScoreRequest)!.Features!)]),
                    ContractsJsonContext.Default.ScoreResponse))));

    private static WireMock.ResponseMessage Json(int status, string body) => new()
    {
        StatusCode = status,
        Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new WireMock.Util.BodyData { DetectedBodyType = WireMock.Types.BodyType.String, BodyAsString = body },
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing) Sidecar.Stop();
        base.Dispose(disposing);
    }
}

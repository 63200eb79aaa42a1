using Dapr.Client;
using DaprPredictor.Domain.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace DaprPredictor.FeatureExtractor.Tests;

/// <summary>
/// The feature extractor with only its boundaries swapped: the sidecar's gRPC side (state, publish) is a
/// <see cref="FakeDaprClient"/>, its HTTP invoke side is a WireMock server, and the clock is fake.
/// </summary>
public sealed class FeatureExtractorFactory : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Now);

    public FakeDaprClient Dapr { get; }

    public WireMockServer Sidecar { get; } = WireMockServer.Start();

    public string? AppApiToken { get; init; }

    public FeatureExtractorFactory() => Dapr = new FakeDaprClient(Clock);

    public PipelineCounts Counts => Services.GetRequiredService<PipelineMetrics>().Snapshot();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Dapr:HttpEndpoint", Sidecar.Url);
        builder.UseSetting("Dapr:GrpcEndpoint", "http://127.0.0.1:9"); // never dialled: the DaprClient is fake
        if (AppApiToken is not null) builder.UseSetting("Dapr:AppApiToken", AppApiToken);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<DaprClient>();
            services.AddSingleton<DaprClient>(Dapr);
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>offline-features answers the given purchase history for any user.</summary>
    public void OfflineFeaturesAnswer(OfflineFeatures features, TimeSpan? delay = null, int status = 200)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json")
            .WithCallback(request => new WireMock.ResponseMessage
            {
                StatusCode = status,
                Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/json") },
                BodyData = new WireMock.Util.BodyData
                {
                    DetectedBodyType = WireMock.Types.BodyType.String,
                    BodyAsString = System.Text.Json.JsonSerializer.Serialize(
                        new UserOfflineFeatures("u", DateTimeOffset.Parse(request.Query!["asOf"][0], System.Globalization.CultureInfo.InvariantCulture), features),
                        DomainJsonContext.Default.UserOfflineFeatures),
                },
            });
        if (delay is { } d) response = response.WithDelay(d);
        Sidecar.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher("^/v1.0/invoke/offline-features/method/users/[^/]+/features$")).UsingGet())
            .RespondWith(response);
    }

    /// <summary>The scorer answers <paramref name="probability"/> (or fails with <paramref name="status"/>).</summary>
    public void ScorerAnswers(double probability, int status = 200) =>
        Sidecar.Given(Request.Create().WithPath("/v1.0/invoke/scorer/method/score").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(
                status == 200
                    ? System.Text.Json.JsonSerializer.Serialize(new ScoreResponse("m-test", FeatureSchema.Version, [probability]), DomainJsonContext.Default.ScoreResponse)
                    : """{"title":"model not loaded"}"""));

    protected override void Dispose(bool disposing)
    {
        if (disposing) Sidecar.Stop();
        base.Dispose(disposing);
    }
}

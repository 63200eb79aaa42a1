extern alias OfflineFeaturesApp;
extern alias ScorerApp;
using DaprPredictor.Contracts;
using DaprPredictor.FakeDaprd;
using DaprPredictor.FakeDaprd.Hosting;
using DaprPredictor.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DaprPredictor.EndToEnd.Tests;

/// <summary>
/// The feature extractor, offline-features and the scorer, each in its own test host with only its boundaries swapped:
/// each app reaches a fake daprd of its own over gRPC and HTTP as in production, and the feature extractor's sidecar
/// forwards its service invocations to the other two hosts, as the sidecars do between them. offline-features' MySQL
/// binding answers "no rows" (every user a first-time visitor); the scorer serves a real trained model.
/// </summary>
public sealed class ThreeServices : IAsyncDisposable
{
    private readonly DaprdHost _offlineSidecar;
    private readonly WebApplicationFactory<OfflineFeaturesApp::Program> _offlineFeatures;
    private readonly WebApplicationFactory<ScorerApp::Program> _scorer;

    private ThreeServices(FeatureExtractorFactory featureExtractor, DaprdHost offlineSidecar, WebApplicationFactory<OfflineFeaturesApp::Program> offlineFeatures, WebApplicationFactory<ScorerApp::Program> scorer) =>
        (FeatureExtractor, _offlineSidecar, _offlineFeatures, _scorer) = (featureExtractor, offlineSidecar, offlineFeatures, scorer);

    public FeatureExtractorFactory FeatureExtractor { get; }

    /// <param name="testServices">Added to each host, e.g. a telemetry exporter; called with the host's app id.</param>
    public static async Task<ThreeServices> StartAsync(string modelPath, Action<string, IServiceCollection> testServices)
    {
        var offlineDaprd = new Daprd(options: new DaprdOptions
        {
            AppId = Topology.OfflineFeaturesAppId,
            StateStores = [Topology.StateStoreComponent],
            Bindings = [Topology.PurchasesBindingComponent],
        })
        {
            OnBinding = _ => "null"u8.ToArray(), // the MySQL binding's answer for zero rows
        };
        var offlineSidecar = await DaprdHost.StartAsync(offlineDaprd);
        var offlineFeatures = new WebApplicationFactory<OfflineFeaturesApp::Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting("Dapr:GrpcEndpoint", offlineSidecar.GrpcEndpoint.ToString());
            host.UseSetting("Dapr:HttpEndpoint", offlineSidecar.HttpEndpoint.ToString());
            host.ConfigureTestServices(services => testServices(Topology.OfflineFeaturesAppId, services));
        });
        var scorer = new WebApplicationFactory<ScorerApp::Program>().WithWebHostBuilder(host =>
        {
            host.UseSetting("Scorer:ModelPath", modelPath);
            host.ConfigureTestServices(services => testServices(Topology.ScorerAppId, services));
        });
        var featureExtractor = new FeatureExtractorFactory { TestServices = services => testServices(Topology.FeatureExtractorAppId, services) };
        featureExtractor.Dapr.MapApp(Topology.OfflineFeaturesAppId, offlineFeatures.Server.CreateHandler(), offlineFeatures.Server.BaseAddress);
        featureExtractor.Dapr.MapApp(Topology.ScorerAppId, scorer.Server.CreateHandler(), scorer.Server.BaseAddress);

        // The scorer is ready once its model is loaded; a delivery before that would be handed back for redelivery.
        using var probe = scorer.CreateClient();
        await Eventually.Until(async () => (await probe.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode, ready => ready, "the scorer's model load");
        return new ThreeServices(featureExtractor, offlineSidecar, offlineFeatures, scorer);
    }

    public async ValueTask DisposeAsync()
    {
        FeatureExtractor.Dispose();
        await _scorer.DisposeAsync();
        await _offlineFeatures.DisposeAsync();
        await _offlineSidecar.DisposeAsync();
    }
}

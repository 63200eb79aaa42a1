using DaprPredictor.Contracts;
using DaprPredictor.Dapr;
using DaprPredictor.Dapr.Invocation;
using DaprPredictor.FeatureExtractor.Subscriptions;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Pipeline.Seams;
using DaprPredictor.ServiceDefaults;

namespace DaprPredictor.FeatureExtractor;

public static class FeatureExtractorExtensions
{
    /// <summary>The prediction pipeline with its Dapr seams: state store, pub/sub, and the two services it invokes.</summary>
    public static IHostApplicationBuilder AddFeatureExtraction(this IHostApplicationBuilder builder)
    {
        builder.Services.AddPredictionPipeline();
        builder.Services.AddValidatedOptions<PageViewBulkOptions>(PageViewBulkOptions.Section);
        builder.Services.AddDaprStateStore(Topology.StateStoreComponent);
        builder.Services.AddDaprPublisher(Topology.PubSubComponent);
        builder.Services.AddSingleton<IOfflineFeaturesSource>(services => new OfflineFeaturesClient(DaprExtensions.CreateInvokeClient(services, Topology.OfflineFeaturesAppId)));
        builder.Services.AddSingleton<IScorer>(services => new ScorerClient(DaprExtensions.CreateInvokeClient(services, Topology.ScorerAppId)));
        return builder;
    }
}

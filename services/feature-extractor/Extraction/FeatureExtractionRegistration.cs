using DaprPredictor.Domain.Contracts;
using DaprPredictor.FeatureExtractor.Invocation;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Pipeline.Seams;
using DaprPredictor.ServiceDefaults.Dapr;

namespace DaprPredictor.FeatureExtractor.Extraction;

public static class FeatureExtractionRegistration
{
    /// <summary>The prediction pipeline with its Dapr seams: state store, pub/sub, and the two services it invokes.</summary>
    public static IHostApplicationBuilder AddFeatureExtraction(this IHostApplicationBuilder builder)
    {
        builder.Services.AddPredictionPipeline();
        builder.Services.AddDaprStateStore(Topology.StateStoreComponent);
        builder.Services.AddDaprPublisher(Topology.PubSubComponent);
        builder.Services.AddSingleton<IOfflineFeaturesSource>(services => new OfflineFeaturesClient(DaprDefaults.CreateInvokeClient(services, Topology.OfflineFeaturesAppId)));
        builder.Services.AddSingleton<IScorer>(services => new ScorerClient(DaprDefaults.CreateInvokeClient(services, Topology.ScorerAppId)));
        return builder;
    }
}

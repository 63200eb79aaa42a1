namespace DaprPredictor.Domain.Contracts;

/// <summary>
/// Names that code, component YAML, dapr.yaml, tye.yaml and k8s/ must agree on. A consistency test reads the
/// deployment files and compares them with these constants.
/// </summary>
public static class Topology
{
    public const string FeatureExtractorAppId = "feature-extractor";
    public const string OfflineFeaturesAppId = "offline-features";
    public const string ScorerAppId = "scorer";

    public const string PubSubComponent = "pubsub";
    public const string StateStoreComponent = "statestore";
    public const string PurchasesBindingComponent = "purchases-db";

    public const string PageViewsTopic = "page-views";
    public const string PredictionsTopic = "predictions";
    public const string DeadLetterTopic = "page-views-dead-letter";
}

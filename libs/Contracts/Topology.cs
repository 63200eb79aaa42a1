namespace DaprPredictor.Contracts;

/// <summary>
/// Names that code, component YAML, dapr.yaml, tye.yaml and k8s/ must agree on. A consistency test reads the
/// deployment files and compares them with these constants.
/// </summary>
public static class Topology
{
    public const string FeatureExtractorAppId = "feature-extractor";
    public const string OfflineFeaturesAppId = "offline-features";
    public const string ScorerAppId = "scorer";

    /// <summary>The optional app that publishes a recorded or synthetic clickstream during a Dapr run.</summary>
    public const string ClickstreamSimulatorAppId = "clickstream-simulator";

    // Each service's HTTP port. dapr.yaml, tye.yaml, k8s/ and the images hand it to the app through the environment
    // (ASPNETCORE_URLS / ASPNETCORE_HTTP_PORTS); a plain `dotnet run`, given no address, listens on it at localhost.
    public const int FeatureExtractorPort = 5100;
    public const int OfflineFeaturesPort = 5200;
    public const int ScorerPort = 5300;

    public const string PubSubComponent = "pubsub";
    public const string StateStoreComponent = "statestore";
    public const string PurchasesBindingComponent = "purchases-db";

    public const string PageViewsTopic = "page-views";
    public const string PredictionsTopic = "predictions";
    public const string DeadLetterTopic = "page-views-dead-letter";

    /// <summary>The shop's orders (the simulator stands in for the shop locally): they label sessions for live grading.</summary>
    public const string PurchasesTopic = "purchases";

    /// <summary>
    /// CloudEvent types of what the pipeline publishes. The dead-letter topic also receives Dapr's own forward of each
    /// dropped message (its original type, usually com.dapr.event.sent); the type tells the two apart.
    /// </summary>
    public const string PredictionEventType = "io.daprpredictor.prediction.v1";

    public const string RejectionEventType = "io.daprpredictor.pageview.rejected.v1";
}

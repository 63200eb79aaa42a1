using DaprPredictor.Contracts;
using DaprPredictor.ServiceDefaults;

namespace DaprPredictor.Deployment.Tests.Checks;

/// <summary>The apps and what each one's sidecar must load: the expectations the deployment files are checked against.</summary>
public static class Apps
{
    public const string Simulator = Topology.ClickstreamSimulatorAppId;

    /// <summary>The ASP.NET Core services: they have an app port, probes, a Deployment.</summary>
    public static readonly string[] Services = [Topology.FeatureExtractorAppId, Topology.OfflineFeaturesAppId, Topology.ScorerAppId];

    public static readonly string[] All = [.. Services, Simulator];

    /// <summary>The port each service listens on at localhost when nothing in the environment names one.</summary>
    public static readonly IReadOnlyDictionary<string, int> DefaultPorts = new Dictionary<string, int>
    {
        [Topology.FeatureExtractorAppId] = Topology.FeatureExtractorPort,
        [Topology.OfflineFeaturesAppId] = Topology.OfflineFeaturesPort,
        [Topology.ScorerAppId] = Topology.ScorerPort,
    };

    /// <summary>Components each app uses (secret stores come on top, for the components that reference one).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Needs = new Dictionary<string, string[]>
    {
        [Topology.FeatureExtractorAppId] = [Topology.PubSubComponent, Topology.StateStoreComponent],
        [Topology.OfflineFeaturesAppId] = [Topology.StateStoreComponent, Topology.PurchasesBindingComponent],
        [Topology.ScorerAppId] = [],
        [Simulator] = [Topology.PubSubComponent],
    };

    public static readonly string[] ComponentNames = [Topology.PubSubComponent, Topology.StateStoreComponent, Topology.PurchasesBindingComponent];

    /// <summary>Fixed component types; the pub/sub's type is the broker folder's ("pubsub." + folder name).</summary>
    public static readonly IReadOnlyDictionary<string, string> FixedTypes = new Dictionary<string, string>
    {
        [Topology.StateStoreComponent] = "state.redis",
        [Topology.PurchasesBindingComponent] = "bindings.mysql",
    };

    public static readonly string[] Topics = [Topology.PageViewsTopic, Topology.PredictionsTopic, Topology.DeadLetterTopic, Topology.PurchasesTopic];

    /// <summary>Who publishes and who subscribes to what (the pub/sub's publishingScopes and subscriptionScopes).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Publishes = new Dictionary<string, string[]>
    {
        [Simulator] = [Topology.PageViewsTopic, Topology.PurchasesTopic],
        [Topology.FeatureExtractorAppId] = [Topology.PredictionsTopic, Topology.DeadLetterTopic],
    };

    public static readonly IReadOnlyDictionary<string, string[]> Subscribes = new Dictionary<string, string[]>
    {
        [Topology.FeatureExtractorAppId] = [Topology.PageViewsTopic, Topology.PurchasesTopic],
    };

    public const string HealthPath = ServiceDefaultsExtensions.HealthPath;
    public const string AlivePath = ServiceDefaultsExtensions.AlivePath;
    public const string MetricsPath = ServiceDefaultsExtensions.MetricsPath;
    public const string ModelFile = "out/model/model.zip";
    public const string HeldOutEventsFile = "out/model/heldout-events.jsonl";
    public const int AspNetAppUid = 1654;
}

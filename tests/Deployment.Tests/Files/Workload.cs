using YamlDotNet.RepresentationModel;

namespace DaprPredictor.Deployment.Tests.Files;

/// <summary>A Deployment or Job: its pod template, the container that runs the app, and the annotations daprd reads.</summary>
public sealed record Workload(Manifest Document)
{
    public string File => Document.File;

    public string Kind => Document.Kind ?? string.Empty;

    public string Name => Document.Name ?? string.Empty;

    public YamlMappingNode? Pod => Document.Root.Map("spec", "template");

    public YamlMappingNode? PodSpec => Pod.Map("spec");

    public IReadOnlyDictionary<string, string> Annotations => Pod.Scalars("metadata", "annotations");

    public IReadOnlyDictionary<string, string> PodLabels => Pod.Scalars("metadata", "labels");

    public IReadOnlyList<YamlNode> Containers => PodSpec.Items("containers");

    public string? DaprAppId => Annotations.GetValueOrDefault("dapr.io/app-id");

    /// <summary>The container named like the app id (or the only one).</summary>
    public YamlNode? AppContainer => Containers.FirstOrDefault(c => c.Str("name") == (DaprAppId ?? Name)) ?? (Containers.Count == 1 ? Containers[0] : null);

    public override string ToString() => $"{Kind} {Name} ({File})";
}

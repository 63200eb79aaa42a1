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

public static class KubernetesManifests
{
    /// <summary>What `kubectl apply -f k8s/` applies: the folder's own files, in name order.</summary>
    public static IReadOnlyList<Manifest> Applied(this RepositorySnapshot repo) =>
        [.. repo.Documents(repo.FilesIn(DeploymentComponents.KubernetesFolder, ".yaml", ".yml").Order(StringComparer.Ordinal))];

    public static IReadOnlyList<Manifest> AllManifests(this RepositorySnapshot repo) =>
        [.. repo.Documents(repo.FilesUnder(DeploymentComponents.KubernetesFolder, ".yaml", ".yml"))];

    public static IReadOnlyList<Workload> Workloads(this IEnumerable<Manifest> docs) =>
        [.. docs.Where(d => d.Kind is "Deployment" or "Job" or "StatefulSet" or "DaemonSet").Select(d => new Workload(d))];

    /// <summary>The apps' Deployments: those with a Dapr sidecar in the applied folder.</summary>
    public static IReadOnlyList<Workload> AppDeployments(this RepositorySnapshot repo) =>
        [.. repo.Applied().Workloads().Where(w => w.Kind == "Deployment" && w.Annotations.GetValueOrDefault("dapr.io/enabled") == "true")];

    public static IEnumerable<YamlNode> Env(this YamlNode? container) => container.Items("env");

    public static string? EnvValue(this YamlNode? container, string name) => container.Env().FirstOrDefault(e => e.Str("name") == name).Str("value");
}

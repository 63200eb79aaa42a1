using YamlDotNet.RepresentationModel;

namespace DaprPredictor.Deployment.Tests.Files;

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

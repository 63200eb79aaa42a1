namespace DaprPredictor.Deployment.Tests.Files;

public sealed record MetadataItem(string Name, string? Value, string? SecretName, string? SecretKey)
{
    public bool IsSecretReference => SecretName is not null;
}

/// <summary>A Dapr Component as a sidecar sees it: name, type, who loads it, its metadata and the secret store it resolves from.</summary>
public sealed record ComponentDefinition(string File, string Name, string Type, IReadOnlyList<string> Scopes, IReadOnlyList<MetadataItem> Metadata, string? SecretStore)
{
    public string? Value(string name) => Metadata.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

    public const string KubernetesStore = "kubernetes";

    public bool IsSecretStore => Type.StartsWith("secretstores.", StringComparison.Ordinal);

    public override string ToString() => $"{Name} ({Type}) in {File}";

    public static ComponentDefinition From(Manifest doc) => new(
        doc.File,
        doc.Name ?? string.Empty,
        doc.Root.Str("spec", "type") ?? string.Empty,
        doc.Root.Strings("scopes"),
        [.. doc.Root.Items("spec", "metadata").Select(m => new MetadataItem(
            m.Str("name") ?? string.Empty,
            m.Str("value"),
            m.Str("secretKeyRef", "name"),
            m.Str("secretKeyRef", "key")))],
        doc.Root.Str("auth", "secretStore"));
}

/// <summary>
/// A set of components that load together: self-hosted, components/common plus one broker folder; in Kubernetes, the
/// Component manifests of k8s/ (where the built-in `kubernetes` secret store needs no component).
/// </summary>
public sealed record ComponentEnvironment(string Name, IReadOnlyList<ComponentDefinition> Components, IReadOnlyList<Manifest> Documents, bool IsKubernetes)
{
    public IEnumerable<ComponentDefinition> LoadedBy(string appId) => Components.Where(c => c.Scopes.Contains(appId));

    public override string ToString() => Name;
}

public static class DeploymentComponents
{
    public const string ComponentsFolder = "components";
    public const string CommonFolder = "components/common";
    public const string KubernetesFolder = "k8s";

    public static IEnumerable<string> BrokerFolders(this RepositorySnapshot repo) =>
        repo.FoldersIn(ComponentsFolder).Where(f => f != CommonFolder);

    public static IReadOnlyList<Manifest> ResourceDocuments(this RepositorySnapshot repo, string folder) =>
        [.. repo.Documents(repo.FilesIn(folder, ".yaml", ".yml"))];

    public static ComponentEnvironment SelfHosted(this RepositorySnapshot repo, string brokerFolder)
    {
        var docs = repo.ResourceDocuments(CommonFolder).Concat(repo.ResourceDocuments(brokerFolder)).ToList();
        return new ComponentEnvironment($"self-hosted with {brokerFolder}", Components(docs), docs, IsKubernetes: false);
    }

    public static ComponentEnvironment Kubernetes(this RepositorySnapshot repo)
    {
        var docs = repo.ResourceDocuments(KubernetesFolder);
        return new ComponentEnvironment("Kubernetes (k8s/)", Components(docs), docs, IsKubernetes: true);
    }

    public static IEnumerable<ComponentEnvironment> Environments(this RepositorySnapshot repo) =>
        repo.BrokerFolders().Select(repo.SelfHosted).Append(repo.Kubernetes());

    private static List<ComponentDefinition> Components(IEnumerable<Manifest> docs) =>
        [.. docs.Where(d => d.Kind == "Component").Select(ComponentDefinition.From)];
}

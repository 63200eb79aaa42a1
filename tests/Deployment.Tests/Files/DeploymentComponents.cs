namespace DaprPredictor.Deployment.Tests.Files;

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

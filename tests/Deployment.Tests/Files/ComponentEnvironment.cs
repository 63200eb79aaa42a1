namespace DaprPredictor.Deployment.Tests.Files;

/// <summary>
/// A set of components that load together: self-hosted, components/common plus one broker folder; in Kubernetes, the
/// Component manifests of k8s/ (where the built-in `kubernetes` secret store needs no component).
/// </summary>
public sealed record ComponentEnvironment(string Name, IReadOnlyList<ComponentDefinition> Components, IReadOnlyList<Manifest> Documents, bool IsKubernetes)
{
    public IEnumerable<ComponentDefinition> LoadedBy(string appId) => Components.Where(c => c.Scopes.Contains(appId));

    public override string ToString() => Name;
}

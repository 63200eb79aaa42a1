namespace DaprPredictor.Deployment.Tests.Files;

public sealed record TyeService(string Name, string? Project, IReadOnlyList<int> Ports, string? Args, IReadOnlyDictionary<string, string> Env, string? LivenessPath, string? ReadinessPath, int Replicas)
{
    /// <summary>Tye puts a proxy on the binding's port for a service with a readiness probe or more than one replica (dotnet/tye src/Microsoft.Tye.Hosting/PortAssigner.cs).</summary>
    public bool Proxied => ReadinessPath is not null || Replicas > 1;

    public string? ProjectFolder => Project is null ? null : RepoPath.Normalize(System.IO.Path.GetDirectoryName(Project) ?? string.Empty);
}

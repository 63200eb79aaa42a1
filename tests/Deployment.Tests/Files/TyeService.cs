namespace DaprPredictor.Deployment.Tests.Files;

public sealed record TyeService(string Name, string? Project, IReadOnlyList<int> Ports, string? Args, IReadOnlyDictionary<string, string> Env, string? LivenessPath, string? ReadinessPath)
{
    public string? ProjectFolder => Project is null ? null : RepoPath.Normalize(System.IO.Path.GetDirectoryName(Project) ?? string.Empty);
}

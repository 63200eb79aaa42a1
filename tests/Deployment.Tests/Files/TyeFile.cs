namespace DaprPredictor.Deployment.Tests.Files;

/// <summary>
/// tye.yaml. The Dapr extension's components-path is spliced into `dapr run` as it is; the file puts real flags
/// after the first token, so this reads the flags the Dapr CLI will see.
/// </summary>
public sealed record TyeFile(IReadOnlyList<TyeService> Services, IReadOnlyList<TyeDaprService> DaprServices, string? ComponentsPath, IReadOnlyList<string> ResourcesPaths, string? ConfigPath)
{
    public const string Path = "tye.yaml";

    public TyeService? Service(string name) => Services.FirstOrDefault(s => s.Name == name);

    public static TyeFile Read(RepositorySnapshot repo)
    {
        var root = repo.Documents(Path).Single().Root;
        var dapr = root.Items("extensions").FirstOrDefault(e => e.Str("name") == "dapr");
        var componentsPath = dapr.Str("components-path");
        var (resources, config) = DaprRunFlags(componentsPath, dapr.Str("config"));
        return new TyeFile(
            [.. root.Items("services").Select(s => new TyeService(
                s.Str("name") ?? string.Empty,
                s.Str("project") is { } project ? RepoPath.Normalize(project) : null,
                [.. s.Items("bindings").Select(b => b.Number("port")).OfType<int>()],
                s.Str("args"),
                s.Items("env").ToDictionary(e => e.Str("name") ?? string.Empty, e => e.Str("value") ?? string.Empty, StringComparer.Ordinal),
                s.Str("liveness", "http", "path"),
                s.Str("readiness", "http", "path"),
                s.Number("replicas") ?? 1))],
            [.. dapr.Entries("services").Select(s => new TyeDaprService(s.Key, s.Value.Bool("enabled"), s.Value.Number("http-port"), s.Value.Number("grpc-port"), s.Value.Number("metrics-port")))],
            componentsPath,
            resources,
            config);
    }

    /// <summary>The Dapr CLI ignores --components-path when --resources-path is given (dapr/cli pkg/standalone/run.go).</summary>
    public static (IReadOnlyList<string> Resources, string? Config) DaprRunFlags(string? componentsPath, string? configName)
    {
        if (componentsPath is null) return ([], configName);
        var tokens = componentsPath.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var resources = new List<string>();
        string? config = null;
        for (var i = 1; i < tokens.Length; i++)
        {
            if (tokens[i] == "--resources-path" && i + 1 < tokens.Length) resources.AddRange(tokens[++i].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(RepoPath.Normalize));
            else if (tokens[i] == "--config" && i + 1 < tokens.Length) config = RepoPath.Normalize(tokens[++i]);
        }

        if (resources.Count == 0 && tokens.Length > 0) resources.Add(RepoPath.Normalize(tokens[0]));
        return (resources, config);
    }
}

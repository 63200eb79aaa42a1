namespace DaprPredictor.Deployment.Tests.Files;

public sealed record RunFileApp(
    string AppId,
    string AppDirPath,
    int? AppPort,
    int? DaprHttpPort,
    int? DaprGrpcPort,
    int? MetricsPort,
    bool EnableAppHealthCheck,
    string? AppHealthCheckPath,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Env);

/// <summary>dapr.yaml, the multi-app run file (fields as dapr/cli pkg/standalone/run.go names them).</summary>
public sealed record RunFile(int? Version, IReadOnlyList<string> ResourcesPaths, string? ConfigFilePath, IReadOnlyList<RunFileApp> Apps)
{
    public const string Path = "dapr.yaml";

    public RunFileApp? App(string appId) => Apps.FirstOrDefault(a => a.AppId == appId);

    public static RunFile Read(RepositorySnapshot repo)
    {
        var root = repo.Documents(Path).Single().Root;
        return new RunFile(
            root.Number("version"),
            [.. root.Strings("common", "resourcesPaths").Select(RepoPath.Normalize)],
            root.Str("common", "configFilePath") is { } config ? RepoPath.Normalize(config) : null,
            [.. root.Items("apps").Select(app => new RunFileApp(
                app.Str("appID") ?? string.Empty,
                RepoPath.Normalize(app.Str("appDirPath") ?? string.Empty),
                app.Number("appPort"),
                app.Number("daprHTTPPort"),
                app.Number("daprGRPCPort"),
                app.Number("metricsPort"),
                app.Bool("enableAppHealthCheck") ?? false,
                app.Str("appHealthCheckPath"),
                app.Strings("command"),
                app.Scalars("env")))]);
    }
}

public static class RepoPath
{
    /// <summary>"./a/b/" → "a/b"; "a/b/../c" → "a/c".</summary>
    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == ".." && parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
            else parts.Add(part);
        }

        return string.Join('/', parts);
    }

    public static string Combine(string folder, string relative) => Normalize(folder + "/" + relative);
}

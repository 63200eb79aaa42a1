namespace DaprPredictor.Deployment.Tests.Files;

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

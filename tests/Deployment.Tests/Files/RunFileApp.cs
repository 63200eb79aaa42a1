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

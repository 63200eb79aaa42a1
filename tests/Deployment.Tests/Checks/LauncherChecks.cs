using DaprPredictor.Contracts;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Checks;

/// <summary>dapr.yaml and tye.yaml beyond ids and ports: commands, health checks, the model and the replayed file.</summary>
public static class LauncherChecks
{
    private static readonly string[] RunCommand = ["dotnet", "run", "-c", "Release"];

    public static IEnumerable<string> RunFileApps(RepositorySnapshot repo)
    {
        var run = RunFile.Read(repo);
        foreach (var app in run.Apps.Where(a => Apps.Services.Contains(a.AppId)))
        {
            if (!app.Command.SequenceEqual(RunCommand)) yield return $"dapr.yaml: {app.AppId} must run `{string.Join(' ', RunCommand)}`.";
            if (!app.EnableAppHealthCheck || app.AppHealthCheckPath != Apps.HealthPath) yield return $"dapr.yaml: {app.AppId} needs enableAppHealthCheck with appHealthCheckPath {Apps.HealthPath}.";
        }

        var simulator = run.App(Apps.Simulator);
        if (simulator is not null && (simulator.EnableAppHealthCheck || simulator.AppHealthCheckPath is not null)) yield return "dapr.yaml: the simulator has no app port, so no app health check.";
    }

    public static IEnumerable<string> TyeProbes(RepositorySnapshot repo)
    {
        var tye = TyeFile.Read(repo);
        foreach (var name in Apps.Services)
        {
            var service = tye.Service(name);
            if (service?.LivenessPath != Apps.AlivePath || service.ReadinessPath != Apps.HealthPath) yield return $"tye.yaml: {name} needs liveness {Apps.AlivePath} and readiness {Apps.HealthPath}.";
        }

        if (tye.DaprServices.FirstOrDefault(s => s.Name == Apps.Simulator)?.Enabled != true) yield return "tye.yaml: the simulator has no HTTP binding, so the Dapr extension needs enabled: true for it.";
    }

    /// <summary>Both launchers point the scorer at the training output and the simulator at the held-out stream, from the app's folder.</summary>
    public static IEnumerable<string> TrainingOutputs(RepositorySnapshot repo)
    {
        var run = RunFile.Read(repo);
        var tye = TyeFile.Read(repo);
        var scorer = run.App(Topology.ScorerAppId);
        if (scorer is null) yield break;
        foreach (var (source, value) in new[] { ("dapr.yaml", scorer.Env.GetValueOrDefault("Scorer__ModelPath")), ("tye.yaml", tye.Service(Topology.ScorerAppId)?.Env.GetValueOrDefault("Scorer__ModelPath")) })
        {
            if (value is null || RepoPath.Combine(scorer.AppDirPath, value) != Apps.ModelFile) yield return $"{source}: Scorer__ModelPath '{value}' does not lead from {scorer.AppDirPath} to {Apps.ModelFile}.";
        }

        var simulator = run.App(Apps.Simulator);
        if (simulator is null) yield break;
        foreach (var (source, args) in new[] { ("dapr.yaml", simulator.Command.SkipWhile(a => a != "--").Skip(1).ToList()), ("tye.yaml", (tye.Service(Apps.Simulator)?.Args ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList()) })
        {
            var file = args.SkipWhile(a => a != "--file").Skip(1).FirstOrDefault();
            if (file is null || RepoPath.Combine(simulator.AppDirPath, file) != Apps.HeldOutEventsFile) yield return $"{source}: the simulator's --file '{file}' does not lead from {simulator.AppDirPath} to {Apps.HeldOutEventsFile}.";
            if (!args.Contains("--rebase")) yield return $"{source}: the held-out stream is months old; the simulator needs --rebase.";
        }
    }
}

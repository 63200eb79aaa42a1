using DaprPredictor.Contracts;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Checks;

/// <summary>dapr.yaml and tye.yaml beyond ids and ports: commands, health checks, the model and the replayed file.</summary>
public static class LauncherChecks
{
    private static readonly string[] RunCommand = ["dotnet", "run", "-c", "Release"];

    private static readonly string[] EnvironmentVariables = ["ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"];

    private static bool IsDevelopment(string? environment) => string.Equals(environment, "Development", StringComparison.OrdinalIgnoreCase);

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

    /// <summary>
    /// No host runs as Development unless asked: Tye starts every process with ASPNETCORE_ENVIRONMENT and DOTNET_ENVIRONMENT
    /// set to Development unless the service's env overrides them (dotnet/tye src/Microsoft.Tye.Hosting/ProcessRunner.cs),
    /// so tye.yaml names the environment; nothing else may ask for Development; and there are no launch profiles, because
    /// `dotnet run` (dapr.yaml's command) applies a profile's applicationUrl and environment variables over the launcher's
    /// (dotnet/sdk RunCommand.ApplyLaunchSettingsProfileToCommand).
    /// </summary>
    public static IEnumerable<string> Environments(RepositorySnapshot repo)
    {
        var tye = TyeFile.Read(repo);
        foreach (var service in tye.Services)
        {
            foreach (var name in EnvironmentVariables)
            {
                var value = service.Env.GetValueOrDefault(name);
                if (value is null || IsDevelopment(value)) yield return $"tye.yaml: {service.Name} needs env {name} set to a non-Development environment (Tye's default is Development).";
            }
        }

        foreach (var app in RunFile.Read(repo).Apps)
        {
            foreach (var name in EnvironmentVariables.Where(n => IsDevelopment(app.Env.GetValueOrDefault(n))))
            {
                yield return $"dapr.yaml: {app.AppId} sets {name}=Development.";
            }

            var dockerfilePath = app.AppDirPath + "/Dockerfile";
            if (repo.Exists(dockerfilePath))
            {
                var env = Dockerfile.Read(repo, dockerfilePath).FinalEnv;
                foreach (var name in EnvironmentVariables.Where(n => IsDevelopment(env.GetValueOrDefault(n)))) yield return $"{dockerfilePath}: sets {name}=Development.";
            }
        }

        foreach (var w in repo.AllManifests().Workloads())
        {
            foreach (var container in w.Containers)
            {
                foreach (var name in EnvironmentVariables.Where(n => IsDevelopment(container.EnvValue(n)))) yield return $"{w}: container {container.Str("name")} sets {name}=Development.";
            }
        }

        foreach (var profile in repo.FilesUnder("services", "launchSettings.json"))
        {
            yield return $"{profile}: `dotnet run` would apply this launch profile's applicationUrl and environment variables over those dapr.yaml gives; delete it.";
        }
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

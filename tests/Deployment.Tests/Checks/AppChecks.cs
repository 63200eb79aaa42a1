using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Checks;

/// <summary>App ids and ports, as every file states them.</summary>
public static partial class AppChecks
{
    public static IEnumerable<string> AppIds(RepositorySnapshot repo)
    {
        var run = RunFile.Read(repo);
        var tye = TyeFile.Read(repo);
        foreach (var v in SameSet("dapr.yaml apps", run.Apps.Select(a => a.AppId), Apps.All)) yield return v;
        foreach (var v in SameSet("tye.yaml services", tye.Services.Select(s => s.Name), Apps.All)) yield return v;
        foreach (var v in SameSet("tye.yaml Dapr extension services", tye.DaprServices.Select(s => s.Name), Apps.All)) yield return v;
        var deployments = repo.AppDeployments();
        foreach (var v in SameSet("k8s/ Deployments' dapr.io/app-id", deployments.Select(d => d.DaprAppId ?? string.Empty), Apps.Services)) yield return v;
        foreach (var d in deployments)
        {
            if (d.Name != d.DaprAppId) yield return $"{d}: named '{d.Name}' but its dapr.io/app-id is '{d.DaprAppId}'.";
            if (d.AppContainer is null) yield return $"{d}: no container named '{d.DaprAppId}'.";
        }

        var simulatorJobs = repo.AllManifests().Workloads().Where(w => w.DaprAppId == Apps.Simulator).ToList();
        if (simulatorJobs.Count == 0) yield return $"No manifest under k8s/ runs the simulator with dapr.io/app-id '{Apps.Simulator}'.";

        // The same project runs under both launchers: dapr.yaml's appDirPath is the folder of tye.yaml's project.
        foreach (var app in run.Apps)
        {
            var folder = tye.Service(app.AppId)?.ProjectFolder;
            if (folder is not null && folder != app.AppDirPath) yield return $"{app.AppId}: dapr.yaml runs it in {app.AppDirPath} but tye.yaml's project is in {folder}.";
            if (!repo.Exists(app.AppDirPath + "/Dockerfile")) yield return $"{app.AppId}: no Dockerfile at {app.AppDirPath}/Dockerfile.";
        }
    }

    public static IEnumerable<PortClaim> AppPortClaims(RepositorySnapshot repo)
    {
        var run = RunFile.Read(repo);
        foreach (var app in run.Apps)
        {
            if (app.AppPort is { } port) yield return new(app.AppId, port, "dapr.yaml appPort");
            if (app.Env.TryGetValue("ASPNETCORE_URLS", out var urls)) foreach (var p in UrlPorts(urls)) yield return new(app.AppId, p, "dapr.yaml env ASPNETCORE_URLS");
        }

        foreach (var service in TyeFile.Read(repo).Services)
        {
            foreach (var port in service.Ports) yield return new(service.Name, port, "tye.yaml bindings port");
        }

        var deployments = repo.AppDeployments();
        foreach (var d in deployments)
        {
            var app = d.DaprAppId ?? d.Name;
            if (Port(d.Annotations.GetValueOrDefault("dapr.io/app-port")) is { } appPort) yield return new(app, appPort, $"{d.File} dapr.io/app-port");
            if (Port(d.Annotations.GetValueOrDefault("prometheus.io/port")) is { } scrapePort) yield return new(app, scrapePort, $"{d.File} prometheus.io/port");
            foreach (var port in d.AppContainer.Items("ports").Select(p => p.Number("containerPort")).OfType<int>()) yield return new(app, port, $"{d.File} containerPort");
            foreach (var name in UrlVariables)
            {
                if (d.AppContainer.EnvValue(name) is { } urls) foreach (var p in UrlPorts(urls)) yield return new(app, p, $"{d.File} env {name}");
            }

            if (d.AppContainer.EnvValue("ASPNETCORE_HTTP_PORTS") is { } ports) foreach (var p in HttpPorts(ports)) yield return new(app, p, $"{d.File} env ASPNETCORE_HTTP_PORTS");
        }

        foreach (var service in repo.Applied().Where(doc => doc.Kind == "Service"))
        {
            var selector = service.Root.Scalars("spec", "selector");
            var target = deployments.FirstOrDefault(d => selector.Count > 0 && selector.All(s => d.PodLabels.GetValueOrDefault(s.Key) == s.Value));
            if (target is null) continue;
            foreach (var port in service.Root.Items("spec", "ports"))
            {
                if (port.Number("targetPort") is { } targetPort) yield return new(target.DaprAppId ?? target.Name, targetPort, $"{service.File} Service targetPort");
            }
        }

        foreach (var app in run.Apps)
        {
            var dockerfilePath = app.AppDirPath + "/Dockerfile";
            if (repo.Exists(dockerfilePath))
            {
                var dockerfile = Dockerfile.Read(repo, dockerfilePath);
                if (dockerfile.FinalEnv.TryGetValue("ASPNETCORE_HTTP_PORTS", out var ports)) foreach (var p in HttpPorts(ports)) yield return new(app.AppId, p, $"{dockerfilePath} ASPNETCORE_HTTP_PORTS");
                foreach (var name in UrlVariables)
                {
                    if (dockerfile.FinalEnv.TryGetValue(name, out var urls)) foreach (var p in UrlPorts(urls)) yield return new(app.AppId, p, $"{dockerfilePath} {name}");
                }

                foreach (var expose in dockerfile.InFinalStage("EXPOSE")) foreach (var p in expose.Arguments.Split(' ').Select(a => Port(a.Split('/')[0])).OfType<int>()) yield return new(app.AppId, p, $"{dockerfilePath} EXPOSE");
            }
        }

        foreach (var (app, port) in Apps.DefaultPorts) yield return new(app, port, $"Topology's port for {app} (a plain dotnet run)");
    }

    /// <summary>Every app's port is the same wherever it is written; the simulator has none.</summary>
    public static IEnumerable<string> AppPorts(RepositorySnapshot repo)
    {
        var claims = AppPortClaims(repo).ToList();
        foreach (var app in Apps.Services)
        {
            var mine = claims.Where(c => c.AppId == app).ToList();
            foreach (var required in new[] { "dapr.yaml appPort", "tye.yaml bindings port", "dapr.io/app-port", "containerPort", "Service targetPort", "ASPNETCORE_HTTP_PORTS", "(a plain dotnet run)" })
            {
                if (!mine.Any(c => c.Source.EndsWith(required, StringComparison.Ordinal))) yield return $"{app}: no {required} found.";
            }

            var reference = mine.FirstOrDefault();
            foreach (var claim in mine.Where(c => reference is not null && c.Port != reference.Port))
            {
                yield return $"{app}: {reference!.Source} says port {reference.Port} but {claim.Source} says {claim.Port}.";
            }
        }

        foreach (var claim in claims.Where(c => c.AppId == Apps.Simulator)) yield return $"{Apps.Simulator} serves nothing, yet {claim.Source} gives it port {claim.Port}.";
    }

    /// <summary>
    /// The launchers name each service's address in the environment (dapr.yaml's env, Tye's ASPNETCORE_URLS, the images'
    /// ASPNETCORE_HTTP_PORTS), so no appsettings file may name one: appsettings.json outranks every ASPNETCORE_ variable.
    /// Under `tye run` that is fatal: Tye proxies a service with a readiness probe on its declared port and hands the app
    /// another port in ASPNETCORE_URLS; an appsettings address makes the app bind the proxy's port and fail to start.
    /// </summary>
    public static IEnumerable<string> AddressesComeFromTheEnvironment(RepositorySnapshot repo)
    {
        var tye = TyeFile.Read(repo);
        foreach (var app in RunFile.Read(repo).Apps.Where(a => Apps.Services.Contains(a.AppId)))
        {
            var service = tye.Service(app.AppId);
            var settingsFiles = repo.FilesIn(app.AppDirPath, ".json").Where(p => Path.GetFileName(p).StartsWith("appsettings", StringComparison.OrdinalIgnoreCase));
            foreach (var file in settingsFiles)
            {
                foreach (var key in SettingsAddresses(repo.Text(file)))
                {
                    yield return service is { Proxied: true }
                        ? $"{file}: sets {key}, which outranks the ASPNETCORE_URLS a launcher gives. tye.yaml proxies {app.AppId} (readiness probe) on port {string.Join(", ", service.Ports)} and hands the app another port in ASPNETCORE_URLS: with {key} the app binds the proxy's port and fails to start. Let the environment name the address."
                        : $"{file}: sets {key}, which outranks the address dapr.yaml, tye.yaml and the images give in the environment. Let the environment name the address.";
                }
            }
        }
    }

    /// <summary>daprd's HTTP, gRPC and metrics ports: set, distinct from each other and from every app port, the same in dapr.yaml and tye.yaml.</summary>
    public static IEnumerable<string> SidecarPorts(RepositorySnapshot repo)
    {
        var run = RunFile.Read(repo);
        var appPorts = AppPortClaims(repo).Select(c => c.Port).ToHashSet();
        var seen = new Dictionary<int, string>();
        foreach (var app in run.Apps)
        {
            foreach (var (what, port) in new[] { ("daprHTTPPort", app.DaprHttpPort), ("daprGRPCPort", app.DaprGrpcPort), ("metricsPort", app.MetricsPort) })
            {
                if (port is not { } p)
                {
                    yield return $"dapr.yaml: {app.AppId} has no {what} (a random one cannot be scraped or documented).";
                    continue;
                }

                if (appPorts.Contains(p)) yield return $"dapr.yaml: {app.AppId} {what} {p} is also an app port.";
                if (seen.TryGetValue(p, out var other)) yield return $"dapr.yaml: {app.AppId} {what} {p} is also {other}.";
                seen[p] = $"{app.AppId} {what}";
            }

            var tye = TyeFile.Read(repo).DaprServices.FirstOrDefault(s => s.Name == app.AppId);
            if (tye is null) continue;
            if (tye.HttpPort != app.DaprHttpPort) yield return $"{app.AppId}: dapr.yaml daprHTTPPort {app.DaprHttpPort} but tye.yaml http-port {tye.HttpPort}.";
            if (tye.GrpcPort != app.DaprGrpcPort) yield return $"{app.AppId}: dapr.yaml daprGRPCPort {app.DaprGrpcPort} but tye.yaml grpc-port {tye.GrpcPort}.";
            if (tye.MetricsPort != app.MetricsPort) yield return $"{app.AppId}: dapr.yaml metricsPort {app.MetricsPort} but tye.yaml metrics-port {tye.MetricsPort}.";
        }

        foreach (var w in repo.AllManifests().Workloads().Where(w => w.DaprAppId is not null))
        {
            var metrics = Port(w.Annotations.GetValueOrDefault("dapr.io/metrics-port"));
            if (metrics is null) yield return $"{w}: no dapr.io/metrics-port.";
            var containerPorts = w.AppContainer.Items("ports").Select(p => p.Number("containerPort")).OfType<int>();
            if (metrics is { } m && (containerPorts.Contains(m) || Port(w.Annotations.GetValueOrDefault("dapr.io/app-port")) == m)) yield return $"{w}: dapr.io/metrics-port {m} is the app's own port.";
        }
    }

    public static IEnumerable<int> UrlPorts(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => UrlPort().Match(url))
            .Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    private static int? Port(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;

    private static IEnumerable<int> HttpPorts(string ports) => ports.Split(';', StringSplitOptions.TrimEntries).Select(Port).OfType<int>();

    /// <summary>The keys of an appsettings file that Kestrel reads as an address (configuration keys are case-insensitive).</summary>
    private static List<string> SettingsAddresses(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return [];
        var found = new List<string>();
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            if (AddressKeys.Contains(property.Name, StringComparer.OrdinalIgnoreCase)) found.Add(property.Name);
            if (string.Equals(property.Name, "Kestrel", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.Object)
            {
                found.AddRange(property.Value.EnumerateObject()
                    .Where(p => string.Equals(p.Name, "Endpoints", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.Object && p.Value.EnumerateObject().Any())
                    .Select(p => $"{property.Name}:{p.Name}"));
            }
        }

        return found;
    }

    /// <summary>Environment variables whose value is a URL list the app listens on.</summary>
    private static readonly string[] UrlVariables = ["URLS", "ASPNETCORE_URLS"];

    private static readonly string[] AddressKeys = ["Urls", "HTTP_PORTS", "HTTPS_PORTS"];

    private static IEnumerable<string> SameSet(string what, IEnumerable<string> actual, IEnumerable<string> expected)
    {
        var a = actual.ToList();
        foreach (var missing in expected.Except(a)) yield return $"{what}: '{missing}' is missing.";
        foreach (var extra in a.Except(expected)) yield return $"{what}: '{extra}' is not an app of Topology (or the simulator).";
        foreach (var dup in a.GroupBy(x => x).Where(g => g.Count() > 1)) yield return $"{what}: '{dup.Key}' appears {dup.Count()} times.";
    }

    [GeneratedRegex(@"^[a-z]+://[^/]*:(\d+)(/|$)", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPort();
}

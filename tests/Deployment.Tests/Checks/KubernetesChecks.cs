using DaprPredictor.Contracts;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Checks;

/// <summary>k8s/: what `kubectl apply -f k8s/` creates, and the optional subfolders.</summary>
public static class KubernetesChecks
{
    public const string Namespace = "daprpredictor";

    private static readonly string[] AppliedKinds = ["Namespace", "Configuration", "Resiliency", "Component", "Deployment", "Service"];

    /// <summary>Only kinds a cluster with Dapr knows, namespace first, everything in the namespace.</summary>
    public static IEnumerable<string> AppliedFolder(RepositorySnapshot repo)
    {
        var applied = repo.Applied();
        if ((applied.Count > 0 ? applied[0] : null) is not { Kind: "Namespace" } first || first.Name != Namespace) yield return $"The first file applied (in name order) must create Namespace {Namespace}.";
        foreach (var doc in applied.Where(d => !AppliedKinds.Contains(d.Kind))) yield return $"{doc}: kind {doc.Kind} does not belong in the folder `kubectl apply -f k8s/` applies.";
        foreach (var doc in repo.AllManifests().Where(d => d.Kind != "Namespace" && d.Namespace != Namespace)) yield return $"{doc}: must be in namespace {Namespace}.";
        foreach (var d in repo.AllManifests().Workloads().Where(w => w.Annotations.ContainsKey("dapr.io/config")))
        {
            var config = d.Annotations["dapr.io/config"];
            if (!applied.Any(doc => doc.Kind == "Configuration" && doc.Name == config)) yield return $"{d}: dapr.io/config '{config}' is not a Configuration in k8s/.";
        }
    }

    /// <summary>The Dapr annotations every app Deployment needs.</summary>
    public static IEnumerable<string> DaprAnnotations(RepositorySnapshot repo)
    {
        foreach (var d in repo.AppDeployments())
        {
            var a = d.Annotations;
            foreach (var (key, value) in new Dictionary<string, string?>
            {
                ["dapr.io/enabled"] = "true",
                ["dapr.io/app-protocol"] = "http",
                ["dapr.io/enable-metrics"] = "true",
                ["dapr.io/enable-app-health-check"] = "true",
                ["dapr.io/app-health-check-path"] = Apps.HealthPath,
                ["dapr.io/app-id"] = null,
                ["dapr.io/app-port"] = null,
                ["dapr.io/config"] = null,
                ["dapr.io/metrics-port"] = null,
            })
            {
                if (!a.TryGetValue(key, out var actual)) yield return $"{d}: annotation {key} is missing.";
                else if (value is not null && actual != value) yield return $"{d}: {key} must be '{value}', is '{actual}'.";
            }

            // The sidecar sends the app token from this secret; the app must be told the same token.
            if (a.TryGetValue("dapr.io/app-token-secret", out var tokenSecret)
                && !d.AppContainer.Env().Any(e => e.Str("name") == "APP_API_TOKEN" && e.Str("valueFrom", "secretKeyRef", "name") == tokenSecret && e.Str("valueFrom", "secretKeyRef", "key") == "token"))
            {
                yield return $"{d}: dapr.io/app-token-secret is {tokenSecret}, so the app needs APP_API_TOKEN from that secret's key 'token'.";
            }
        }
    }

    /// <summary>Prometheus scrapes each app on its own port and path; daprd is scraped on its own metrics port.</summary>
    public static IEnumerable<string> PrometheusAnnotations(RepositorySnapshot repo)
    {
        foreach (var d in repo.AppDeployments())
        {
            var a = d.Annotations;
            if (a.GetValueOrDefault("prometheus.io/scrape") != "true") yield return $"{d}: prometheus.io/scrape must be \"true\".";
            if (a.GetValueOrDefault("prometheus.io/path") != Apps.MetricsPath) yield return $"{d}: prometheus.io/path must be {Apps.MetricsPath}.";
            if (a.GetValueOrDefault("prometheus.io/port") != a.GetValueOrDefault("dapr.io/app-port")) yield return $"{d}: prometheus.io/port must be the app port (the app serves /metrics), not daprd's.";
            if (!d.AppContainer.Items("ports").Any(p => p.Str("name") == "http")) yield return $"{d}: the app's port must be named http (the PodMonitor in k8s/monitoring scrapes it by name).";
        }
    }

    public static IEnumerable<string> Probes(RepositorySnapshot repo)
    {
        foreach (var d in repo.AppDeployments())
        {
            var c = d.AppContainer;
            foreach (var (probe, path) in new[] { ("readinessProbe", Apps.HealthPath), ("livenessProbe", Apps.AlivePath), ("startupProbe", Apps.AlivePath) })
            {
                if (c.Str(probe, "httpGet", "path") != path) yield return $"{d}: {probe} must GET {path}, gets {c.Str(probe, "httpGet", "path") ?? "nothing"}.";
                var port = c.Str(probe, "httpGet", "port");
                if (port != "http" && port != d.Annotations.GetValueOrDefault("dapr.io/app-port")) yield return $"{d}: {probe} must probe the app port.";
            }
        }
    }

    /// <summary>
    /// Non-root, the runtime's default seccomp profile, no privilege escalation, no capabilities, limits; containers of
    /// our own images (the apps and the simulator) also on a read-only root filesystem with a writable emptyDir at /tmp,
    /// where .NET keeps its diagnostics sockets.
    /// </summary>
    public static IEnumerable<string> Hardening(RepositorySnapshot repo)
    {
        var appDeployments = repo.AppDeployments().Select(d => d.File + d.Name).ToHashSet();
        foreach (var w in repo.AllManifests().Workloads())
        {
            var pod = w.PodSpec.Map("securityContext");
            if (pod.Bool("runAsNonRoot") != true) yield return $"{w}: securityContext.runAsNonRoot must be true.";
            if (pod.Number("runAsUser") is not (> 0)) yield return $"{w}: securityContext.runAsUser must be a non-zero uid.";
            if (pod.Str("seccompProfile", "type") != "RuntimeDefault") yield return $"{w}: securityContext.seccompProfile.type must be RuntimeDefault.";
            var isApp = appDeployments.Contains(w.File + w.Name);
            if (isApp && pod.Number("runAsUser") != Apps.AspNetAppUid) yield return $"{w}: runs as {pod.Number("runAsUser")}, the aspnet image's app user is {Apps.AspNetAppUid}.";
            foreach (var c in w.Containers)
            {
                var name = c.Str("name");
                var security = c.Map("securityContext");
                if (security.Bool("allowPrivilegeEscalation") != false) yield return $"{w}: container {name} must set allowPrivilegeEscalation: false.";
                if (!security.Strings("capabilities", "drop").Contains("ALL")) yield return $"{w}: container {name} must drop ALL capabilities.";
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    if (c.Str("resources", "limits", resource) is null) yield return $"{w}: container {name} has no {resource} limit.";
                    if (c.Str("resources", "requests", resource) is null) yield return $"{w}: container {name} has no {resource} request.";
                }

                if (isApp || c.Str("image")?.StartsWith("daprpredictor/", StringComparison.Ordinal) == true)
                {
                    if (security.Bool("readOnlyRootFilesystem") != true) yield return $"{w}: container {name} must have a read-only root filesystem.";
                    var tmp = c.Items("volumeMounts").FirstOrDefault(m => m.Str("mountPath") == "/tmp").Str("name");
                    if (tmp is null || w.PodSpec.Items("volumes").FirstOrDefault(v => v.Str("name") == tmp).Node("emptyDir") is null) yield return $"{w}: container {name} needs an emptyDir at /tmp.";
                }
            }
        }
    }

    /// <summary>Each app has a Service whose selector picks exactly its pods.</summary>
    public static IEnumerable<string> Services(RepositorySnapshot repo)
    {
        var services = repo.Applied().Where(d => d.Kind == "Service").ToList();
        foreach (var d in repo.AppDeployments())
        {
            var matches = services.Where(s => s.Root.Scalars("spec", "selector") is { Count: > 0 } selector && selector.All(kv => d.PodLabels.GetValueOrDefault(kv.Key) == kv.Value)).ToList();
            if (matches.Count != 1) yield return $"{d}: {matches.Count} Services select its pods, expected one.";
            if (d.Document.Root.Scalars("spec", "selector", "matchLabels").Any(kv => d.PodLabels.GetValueOrDefault(kv.Key) != kv.Value)) yield return $"{d}: its selector does not match its pod labels.";
        }
    }

    /// <summary>The scorer serves the model baked into its image; an optional ConfigMap can override it.</summary>
    public static IEnumerable<string> ScorerModel(RepositorySnapshot repo)
    {
        var scorer = repo.AppDeployments().FirstOrDefault(d => d.DaprAppId == Topology.ScorerAppId);
        var dockerfile = Dockerfile.Read(repo, "services/scorer/Dockerfile");
        var modelPath = dockerfile.FinalEnv.GetValueOrDefault("Scorer__ModelPath");
        if (modelPath is null || !dockerfile.InFinalStage("COPY").Any(c => c.Arguments.EndsWith(" " + modelPath, StringComparison.Ordinal)))
        {
            yield return "services/scorer/Dockerfile must COPY a trained model.zip to the path its ENV Scorer__ModelPath names.";
        }

        if (scorer is null) yield break;
        if (scorer.AppContainer.EnvValue("Scorer__ModelPath") is { } overridden && overridden != modelPath) yield return $"{scorer}: Scorer__ModelPath {overridden} overrides the model the image carries; keep the override optional (docs).";
        var volumes = scorer.PodSpec.Items("volumes").Where(v => v.Node("configMap") is not null).ToList();
        if (volumes.Count == 0 || volumes.Any(v => v.Bool("configMap", "optional") != true)) yield return $"{scorer}: the model override must be an optional ConfigMap volume.";
    }
}

using System.Text.RegularExpressions;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Checks;

/// <summary>No secret value is written into the repository: components and containers take them from secret stores.</summary>
public static partial class SecretChecks
{
    public const string ExampleSecretsFile = "components/local-secrets.example.env";

    public static IEnumerable<string> NoSecretValues(RepositorySnapshot repo)
    {
        var documents = repo.Documents(repo.FilesUnder(DeploymentComponents.ComponentsFolder, ".yaml", ".yml"))
            .Concat(repo.AllManifests())
            .ToList();
        foreach (var c in documents.Where(d => d.Kind == "Component").Select(ComponentDefinition.From))
        {
            foreach (var m in c.Metadata.Where(m => Sensitive().IsMatch(m.Name)))
            {
                if (m.Value is not null || !m.IsSecretReference) yield return $"{c}: metadata '{m.Name}' must be a secretKeyRef, not a value.";
            }
        }

        foreach (var secret in documents.Where(d => d.Kind == "Secret")) yield return $"{secret}: no Secret manifests; create secrets with kubectl (docs/deployment.md).";

        foreach (var workload in repo.AllManifests().Workloads())
        {
            foreach (var container in workload.Containers.Concat(workload.PodSpec.Items("initContainers")))
            {
                foreach (var env in container.Env().Where(e => Sensitive().IsMatch(e.Str("name") ?? string.Empty)))
                {
                    if (env.Str("value") is not null || env.Str("valueFrom", "secretKeyRef", "name") is null)
                    {
                        yield return $"{workload}: env {env.Str("name")} of container {container.Str("name")} must come from a secretKeyRef.";
                    }
                }
            }
        }
    }

    /// <summary>The example env file names every secret the self-hosted components reference, with placeholders only.</summary>
    public static IEnumerable<string> ExampleSecretsFileIsComplete(RepositorySnapshot repo)
    {
        if (!repo.Exists(ExampleSecretsFile))
        {
            yield return $"{ExampleSecretsFile} is missing.";
            yield break;
        }

        var stores = repo.ResourceDocuments(DeploymentComponents.CommonFolder).Where(d => d.Kind == "Component").Select(ComponentDefinition.From).Where(c => c.IsSecretStore).ToList();
        var lines = repo.Text(ExampleSecretsFile).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var entries = lines.Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim('\'', '"'), StringComparer.Ordinal);
        var selfHosted = repo.BrokerFolders().Select(repo.SelfHosted).SelectMany(e => e.Components).DistinctBy(c => c.File);
        foreach (var c in selfHosted)
        {
            var prefix = stores.FirstOrDefault(s => s.Name == c.SecretStore)?.Value("prefix") ?? string.Empty;
            foreach (var m in c.Metadata.Where(m => m.IsSecretReference))
            {
                if (!entries.ContainsKey(prefix + m.SecretName)) yield return $"{ExampleSecretsFile} lacks {prefix}{m.SecretName}, which {c} reads.";
            }
        }

        foreach (var (name, value) in entries.Where(e => !e.Value.Contains("change-me", StringComparison.Ordinal))) yield return $"{ExampleSecretsFile}: {name} must hold a 'change-me' placeholder, not a value.";
    }

    /// <summary>Each Dapr Configuration denies the apps' secrets API on the stores the components use.</summary>
    public static IEnumerable<string> AppsCannotReadSecretStores(RepositorySnapshot repo)
    {
        var run = RunFile.Read(repo);
        var configurations = new List<(Manifest Doc, string Store)>();
        if (run.ConfigFilePath is { } local && repo.Exists(local))
        {
            var store = repo.ResourceDocuments(DeploymentComponents.CommonFolder).Where(d => d.Kind == "Component").Select(ComponentDefinition.From).FirstOrDefault(c => c.IsSecretStore)?.Name;
            configurations.AddRange(repo.Documents(local).Select(d => (d, store ?? "?")));
        }

        configurations.AddRange(repo.Applied().Where(d => d.Kind == "Configuration").Select(d => (d, ComponentDefinition.KubernetesStore)));
        if (configurations.Count < 2) yield return "Expected a Dapr Configuration for self-hosted runs and one in k8s/.";
        foreach (var (doc, store) in configurations)
        {
            var scope = doc.Root.Items("spec", "secrets", "scopes").FirstOrDefault(s => s.Str("storeName") == store);
            if (scope.Str("defaultAccess") != "deny") yield return $"{doc}: secrets.scopes must deny the apps' access to '{store}' (defaultAccess: deny).";
        }
    }

    [GeneratedRegex("password|secret|token|connectionString|^url$|dsn|apiKey|clientKey|accessKey|pwd", RegexOptions.IgnoreCase)]
    private static partial Regex Sensitive();
}

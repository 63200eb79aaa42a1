using System.Text.RegularExpressions;
using DaprPredictor.Contracts;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Checks;

/// <summary>The component folders, names, types, topics and scopes.</summary>
public static partial class ComponentChecks
{
    /// <summary>Each folder under components/ other than common holds one file with one document: the pub/sub named pubsub.</summary>
    public static IEnumerable<string> BrokerFolders(RepositorySnapshot repo)
    {
        var folders = repo.BrokerFolders().ToList();
        foreach (var required in new[] { "redis", "kafka", "rabbitmq" })
        {
            if (!folders.Contains($"{DeploymentComponents.ComponentsFolder}/{required}")) yield return $"components/{required}/ is missing.";
        }

        foreach (var folder in folders)
        {
            var files = repo.FilesUnder(folder, "").ToList();
            if (files.Count != 1) yield return $"{folder}/ must hold exactly one file (its pubsub.yaml), it holds {files.Count}: {string.Join(", ", files)}.";
            var docs = repo.ResourceDocuments(folder);
            if (docs.Count != 1)
            {
                yield return $"{folder}/ must define exactly one resource, it defines {docs.Count}.";
                continue;
            }

            var doc = docs[0];
            if (doc.Kind != "Component" || doc.Name != Topology.PubSubComponent) yield return $"{doc}: a broker folder defines only the Component '{Topology.PubSubComponent}'.";
            var broker = folder[(folder.LastIndexOf('/') + 1)..];
            if (doc.Root.Str("spec", "type") != "pubsub." + broker) yield return $"{doc}: the type in folder {broker} must be pubsub.{broker}, is {doc.Root.Str("spec", "type")}.";
        }
    }

    /// <summary>
    /// Metadata the component reads as a number, by component type, with the unit: a value of another form is ignored
    /// by the component, not refused (components-contrib pubsub/redis: <c>redeliverInterval</c> is integer milliseconds;
    /// <c>redisMaxRetries</c> and <c>concurrency</c> are integers; Dapr 1.14–1.18).
    /// </summary>
    public static readonly IReadOnlyDictionary<(string Type, string Name), string> IntegerMetadata = new Dictionary<(string, string), string>
    {
        [("pubsub.redis", "redeliverInterval")] = "integer milliseconds",
        [("pubsub.redis", "redisMaxRetries")] = "an integer",
        [("pubsub.redis", "concurrency")] = "an integer",
    };

    /// <summary>Every metadata value in <see cref="IntegerMetadata"/> is written in the form the component reads.</summary>
    public static IEnumerable<string> MetadataValueTypes(RepositorySnapshot repo)
    {
        foreach (var env in repo.Environments())
        {
            foreach (var c in env.Components)
            {
                foreach (var m in c.Metadata.Where(m => !m.IsSecretReference))
                {
                    if (IntegerMetadata.TryGetValue((c.Type, m.Name), out var form) && !long.TryParse(m.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
                    {
                        yield return $"{c}: {m.Name} is read as {form}; '{m.Value}' would be ignored.";
                    }
                }
            }
        }
    }

    /// <summary>components/common: everything but the pub/sub, no Configuration (that one is passed with --config).</summary>
    public static IEnumerable<string> CommonFolder(RepositorySnapshot repo)
    {
        var docs = repo.ResourceDocuments(DeploymentComponents.CommonFolder);
        var components = docs.Where(d => d.Kind == "Component").Select(ComponentDefinition.From).ToList();
        foreach (var c in components.Where(c => c.Name == Topology.PubSubComponent || c.Type.StartsWith("pubsub.", StringComparison.Ordinal))) yield return $"{c}: the pub/sub belongs in a broker folder, not in common.";
        foreach (var (name, type) in Apps.FixedTypes)
        {
            if (!components.Any(c => c.Name == name && c.Type == type)) yield return $"components/common has no {type} component named '{name}'.";
        }

        if (components.Count(c => c.IsSecretStore) != 1) yield return "components/common must define exactly one secret store (for self-hosted runs).";
        if (docs.Count(d => d.Kind == "Resiliency") != 1) yield return "components/common must define exactly one Resiliency.";
        foreach (var folder in repo.BrokerFolders().Append(DeploymentComponents.CommonFolder))
        {
            foreach (var config in repo.ResourceDocuments(folder).Where(d => d.Kind == "Configuration")) yield return $"{config}: a Configuration is not a resource; keep it outside the resource folders.";
        }
    }

    /// <summary>No YAML under components/ repeats another: no identical files, no resource defined twice (the pub/sub alternatives aside).</summary>
    public static IEnumerable<string> NoDuplicates(RepositorySnapshot repo)
    {
        var files = repo.FilesUnder(DeploymentComponents.ComponentsFolder, ".yaml", ".yml").ToList();
        foreach (var group in files.GroupBy(f => Whitespace().Replace(repo.Text(f), " ").Trim()).Where(g => g.Count() > 1))
        {
            yield return $"Identical files: {string.Join(", ", group)}.";
        }

        var brokerFolders = repo.BrokerFolders().ToHashSet();
        var definitions = repo.Documents(files).GroupBy(d => (d.Kind, d.Name));
        foreach (var group in definitions.Where(g => g.Count() > 1))
        {
            var alternatives = group.Key is ("Component", Topology.PubSubComponent) && group.All(d => brokerFolders.Contains(d.File[..d.File.LastIndexOf('/')]));
            if (!alternatives) yield return $"{group.Key.Kind} '{group.Key.Name}' is defined in {string.Join(" and ", group.Select(d => d.File))}.";
        }
    }

    /// <summary>dapr.yaml and tye.yaml load common plus one broker folder, and the same Configuration, kept outside them.</summary>
    public static IEnumerable<string> LaunchersLoadTheSameResources(RepositorySnapshot repo)
    {
        var run = RunFile.Read(repo);
        var tye = TyeFile.Read(repo);
        var brokers = repo.BrokerFolders().ToHashSet();
        if (run.Version != 1) yield return $"dapr.yaml: version must be 1, is {run.Version}.";
        if (run.ResourcesPaths.Count != 2 || run.ResourcesPaths[0] != DeploymentComponents.CommonFolder || !brokers.Contains(run.ResourcesPaths[1]))
        {
            yield return $"dapr.yaml: common.resourcesPaths must be [{DeploymentComponents.CommonFolder}, one broker folder], is [{string.Join(", ", run.ResourcesPaths)}].";
        }

        if (!tye.ResourcesPaths.SequenceEqual(run.ResourcesPaths)) yield return $"tye.yaml loads [{string.Join(", ", tye.ResourcesPaths)}] but dapr.yaml loads [{string.Join(", ", run.ResourcesPaths)}].";
        if (tye.ConfigPath != run.ConfigFilePath) yield return $"tye.yaml passes --config {tye.ConfigPath} but dapr.yaml's configFilePath is {run.ConfigFilePath}.";
        if (run.ConfigFilePath is not { } config || !repo.Exists(config))
        {
            yield return $"dapr.yaml: configFilePath {run.ConfigFilePath} does not exist.";
        }
        else
        {
            if (repo.Documents(config).SingleOrDefault()?.Kind != "Configuration") yield return $"{config} must hold one Dapr Configuration.";
            if (run.ResourcesPaths.Any(folder => config.StartsWith(folder + "/", StringComparison.Ordinal))) yield return $"{config} is inside a resource folder.";
        }

        foreach (var app in run.Apps.Where(a => a.AppId != string.Empty))
        {
            // Per-app resources would override the common ones (dapr/cli resolveResourcesFilePath).
            if (repo.FilesUnder(app.AppDirPath + "/.dapr", ".yaml", ".yml").FirstOrDefault() is { } local) yield return $"{local} would replace dapr.yaml's common resources or configuration for {app.AppId}.";
        }
    }

    /// <summary>In every environment the components are exactly pubsub, statestore, purchases-db (plus secret stores), of the right types.</summary>
    public static IEnumerable<string> NamesAndTypes(RepositorySnapshot repo)
    {
        foreach (var env in repo.Environments())
        {
            var names = env.Components.Where(c => !c.IsSecretStore).Select(c => c.Name).ToList();
            foreach (var missing in Apps.ComponentNames.Except(names)) yield return $"{env}: no component '{missing}'.";
            foreach (var extra in names.Except(Apps.ComponentNames)) yield return $"{env}: component '{extra}' is not a Topology component.";
            foreach (var dup in env.Components.GroupBy(c => c.Name).Where(g => g.Count() > 1)) yield return $"{env}: '{dup.Key}' is defined {dup.Count()} times (daprd refuses duplicates).";
            foreach (var c in env.Components)
            {
                if (Apps.FixedTypes.TryGetValue(c.Name, out var type) && c.Type != type) yield return $"{c}: must be {type}.";
                if (c.Name == Topology.PubSubComponent && !c.Type.StartsWith("pubsub.", StringComparison.Ordinal)) yield return $"{c}: must be a pubsub.* type.";
                if (env.IsKubernetes && c.Metadata.Any(m => m.Value is { } v && (v.Contains("localhost", StringComparison.OrdinalIgnoreCase) || v.Contains("127.0.0.1", StringComparison.Ordinal))))
                {
                    yield return $"{c}: a Kubernetes component must point at in-cluster hosts, not localhost.";
                }
            }
        }
    }

    /// <summary>Every pub/sub allows exactly the Topology topics, and each app only its own.</summary>
    public static IEnumerable<string> Topics(RepositorySnapshot repo)
    {
        foreach (var pubsub in repo.Environments().SelectMany(e => e.Components).Where(c => c.Name == Topology.PubSubComponent).DistinctBy(c => c.File))
        {
            foreach (var list in new[] { "allowedTopics", "protectedTopics" })
            {
                var topics = Split(pubsub.Value(list), ',');
                if (!topics.ToHashSet().SetEquals(Apps.Topics)) yield return $"{pubsub}: {list} must be {string.Join(",", Apps.Topics)}, is '{pubsub.Value(list)}'.";
            }

            foreach (var v in ScopedTopics(pubsub, "publishingScopes", Apps.Publishes)) yield return v;
            foreach (var v in ScopedTopics(pubsub, "subscriptionScopes", Apps.Subscribes)) yield return v;
        }
    }

    /// <summary>
    /// Each app's sidecar loads exactly the components the app needs, plus the secret stores those reference; the one
    /// self-hosted secret store serves every broker folder, so its scopes are what all of them need together.
    /// </summary>
    public static IEnumerable<string> Scopes(RepositorySnapshot repo)
    {
        var environments = repo.Environments().ToList();
        foreach (var c in environments.SelectMany(e => e.Components).DistinctBy(c => c.File + c.Name))
        {
            if (c.Scopes.Count == 0) yield return $"{c}: no scopes, so every app would load it.";
            foreach (var unknown in c.Scopes.Except(Apps.All)) yield return $"{c}: scoped to '{unknown}', which is not an app.";
        }

        var selfHosted = environments.Where(e => !e.IsKubernetes).ToList();
        var storeUsers = selfHosted
            .SelectMany(e => Apps.All.SelectMany(app => e.Components.Where(c => Apps.Needs[app].Contains(c.Name) && c.Scopes.Contains(app) && c.SecretStore is not null).Select(c => (Store: c.SecretStore!, App: app))))
            .ToLookup(x => x.Store, x => x.App);

        foreach (var env in environments)
        {
            foreach (var app in Apps.All)
            {
                var expected = Apps.Needs[app].ToHashSet();
                if (!env.IsKubernetes) expected.UnionWith(env.Components.Where(c => c.IsSecretStore && storeUsers[c.Name].Contains(app)).Select(c => c.Name));
                var loaded = env.LoadedBy(app).Select(c => c.Name).ToHashSet();
                foreach (var missing in expected.Except(loaded)) yield return $"{env}: {app} needs '{missing}' but is not in its scopes.";
                foreach (var extra in loaded.Except(expected)) yield return $"{env}: {app} loads '{extra}' without needing it.";
            }
        }
    }

    /// <summary>A secretKeyRef resolves from a store the same sidecar loads (in Kubernetes, the built-in one).</summary>
    public static IEnumerable<string> SecretStoresResolve(RepositorySnapshot repo)
    {
        foreach (var env in repo.Environments())
        {
            foreach (var c in env.Components.Where(c => c.Metadata.Any(m => m.IsSecretReference)))
            {
                if (env.IsKubernetes)
                {
                    if (c.SecretStore is not (null or ComponentDefinition.KubernetesStore)) yield return $"{c}: in Kubernetes, secrets come from the built-in '{ComponentDefinition.KubernetesStore}' store.";
                    continue;
                }

                var store = env.Components.FirstOrDefault(s => s.IsSecretStore && s.Name == c.SecretStore);
                if (store is null)
                {
                    yield return $"{env}: {c} uses secretKeyRef but its auth.secretStore '{c.SecretStore}' is not a secret store there.";
                    continue;
                }

                foreach (var app in c.Scopes.Except(store.Scopes)) yield return $"{env}: {app} loads {c.Name}, whose secrets come from {store.Name}, which {app} does not load.";
            }
        }
    }

    private static IEnumerable<string> ScopedTopics(ComponentDefinition pubsub, string metadata, IReadOnlyDictionary<string, string[]> expected)
    {
        var actual = Split(pubsub.Value(metadata), ';')
            .Select(entry => entry.Split('='))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => Split(parts[1], ',').ToHashSet(), StringComparer.Ordinal);
        foreach (var (app, topics) in expected)
        {
            if (!actual.TryGetValue(app, out var granted) || !granted.SetEquals(topics)) yield return $"{pubsub}: {metadata} must give {app} exactly {string.Join(",", topics)}.";
        }

        foreach (var extra in actual.Keys.Except(expected.Keys)) yield return $"{pubsub}: {metadata} names '{extra}', which has no business there.";
    }

    private static string[] Split(string? value, char separator) =>
        (value ?? string.Empty).Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

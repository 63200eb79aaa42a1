using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Checks;

/// <summary>
/// k8s/keda: each KEDA ScaledObject measures the lag of the very consumer group it scales, on the topics that app
/// subscribes to, against the brokers its Kafka component uses, and never scales past the partitions.
/// </summary>
public static class KedaChecks
{
    public const string Folder = "k8s/keda";

    public static IEnumerable<string> KafkaScalers(RepositorySnapshot repo)
    {
        var scaled = repo.Documents(repo.FilesUnder(Folder, ".yaml", ".yml")).Where(d => d.Kind == "ScaledObject").ToList();
        if (scaled.Count == 0) yield return $"{Folder} has no ScaledObject.";
        var pubsub = repo.Kubernetes().Components.FirstOrDefault(c => c.Type == "pubsub.kafka");
        if (pubsub is null)
        {
            yield return "k8s/ has no pubsub.kafka component for the Kafka scaler to follow.";
            yield break;
        }

        var partitions = Partitions(repo);
        foreach (var doc in scaled)
        {
            var target = doc.Root.Str("spec", "scaleTargetRef", "name");
            var deployment = repo.AppDeployments().FirstOrDefault(d => d.Name == target);
            if (deployment?.DaprAppId is not { } appId)
            {
                yield return $"{doc}: scaleTargetRef '{target}' is not an app Deployment of k8s/.";
                continue;
            }

            var (min, max) = (doc.Root.Number("spec", "minReplicaCount"), doc.Root.Number("spec", "maxReplicaCount"));
            if (min is not >= 1) yield return $"{doc}: minReplicaCount must be at least 1 (live grading settles sessions in a running replica).";
            if (max is not { } m || m < (min ?? 1) || m > partitions) yield return $"{doc}: maxReplicaCount {max} must be between minReplicaCount and the {partitions} partitions of the dev broker.";

            var subscribed = Subscriptions(pubsub, appId);
            var triggers = doc.Root.Items("spec", "triggers").Where(t => t.Str("type") == "kafka").ToList();
            foreach (var topic in subscribed.Where(topic => !triggers.Any(t => t.Str("metadata", "topic") == topic)))
            {
                yield return $"{doc}: {appId} subscribes to '{topic}', which no kafka trigger measures.";
            }

            foreach (var trigger in triggers)
            {
                var topic = trigger.Str("metadata", "topic");
                foreach (var (key, expected) in new Dictionary<string, string?>
                {
                    ["bootstrapServers"] = pubsub.Value("brokers"),
                    ["consumerGroup"] = pubsub.Value("consumerGroup")?.Replace("{appID}", appId, StringComparison.Ordinal),
                    ["offsetResetPolicy"] = pubsub.Value("initialOffset") == "oldest" ? "earliest" : "latest",
                    ["allowIdleConsumers"] = "false",
                })
                {
                    var actual = trigger.Str("metadata", key);
                    if (actual != expected) yield return $"{doc}: trigger on '{topic}' has {key} '{actual}', but {pubsub} makes it '{expected}'.";
                }

                if (topic is null || !subscribed.Contains(topic)) yield return $"{doc}: trigger on '{topic}', which {appId} does not subscribe to.";
            }
        }
    }

    /// <summary>The topics <paramref name="appId"/> may subscribe to (the component's subscriptionScopes, "app=t1,t2;app2=…").</summary>
    private static HashSet<string> Subscriptions(ComponentDefinition pubsub, string appId) =>
        [.. (pubsub.Value("subscriptionScopes") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(scope => scope.Split('=', 2))
            .Where(parts => parts.Length == 2 && parts[0].Trim() == appId)
            .SelectMany(parts => parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    private static int Partitions(RepositorySnapshot repo) =>
        repo.AllManifests().Workloads().Where(w => w.Name == "kafka")
            .Select(w => int.TryParse(w.AppContainer.EnvValue("KAFKA_NUM_PARTITIONS"), out var n) ? n : 1)
            .DefaultIfEmpty(1).First();
}

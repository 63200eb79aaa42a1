using System.Globalization;
using System.Text.RegularExpressions;
using DaprPredictor.Contracts;
using DaprPredictor.Dapr;
using DaprPredictor.Deployment.Tests.Files;
using DaprPredictor.Pipeline.Predictions;
using YamlDotNet.RepresentationModel;

namespace DaprPredictor.Deployment.Tests.Checks;

/// <summary>Resiliency: both copies equal, targets real, budgets inside the app's deadlines, retries not multiplied.</summary>
public static partial class ResiliencyChecks
{
    public static Manifest SelfHosted(RepositorySnapshot repo) => repo.ResourceDocuments(DeploymentComponents.CommonFolder).Single(d => d.Kind == "Resiliency");

    public static Manifest? Kubernetes(RepositorySnapshot repo) => repo.Applied().SingleOrDefault(d => d.Kind == "Resiliency");

    public static TargetPolicy App(RepositorySnapshot repo, string appId) => Resolve(SelfHosted(repo).Root, SelfHosted(repo).Root.Map("spec", "targets", "apps", appId));

    public static TargetPolicy Component(RepositorySnapshot repo, string component, string direction) =>
        Resolve(SelfHosted(repo).Root, SelfHosted(repo).Root.Map("spec", "targets", "components", component, direction));

    public static IEnumerable<string> TargetsAndPolicies(RepositorySnapshot repo)
    {
        var self = SelfHosted(repo);
        var k8s = Kubernetes(repo);
        if (k8s is null) yield return "k8s/ applies no Resiliency.";
        else if (k8s.Root.Node("spec").Canonical() != self.Root.Node("spec").Canonical()) yield return $"{k8s.File} and {self.File} must have the same spec.";

        foreach (var (app, _) in self.Root.Entries("spec", "targets", "apps"))
        {
            if (!Apps.Services.Contains(app)) yield return $"{self.File}: apps target '{app}' is not an app id.";
        }

        foreach (var (component, _) in self.Root.Entries("spec", "targets", "components"))
        {
            if (!Apps.ComponentNames.Contains(component)) yield return $"{self.File}: components target '{component}' is not a component name.";
        }

        foreach (var (kind, section) in new[] { ("timeout", "timeouts"), ("retry", "retries"), ("circuitBreaker", "circuitBreakers") })
        {
            foreach (var reference in References(self.Root.Node("spec", "targets"), kind))
            {
                if (self.Root.Node("spec", "policies", section, reference) is null) yield return $"{self.File}: {kind} '{reference}' is used but not defined under policies.{section}.";
            }
        }

        foreach (var app in new[] { Topology.OfflineFeaturesAppId, Topology.ScorerAppId })
        {
            if (self.Root.Map("spec", "targets", "apps", app) is null) yield return $"{self.File}: no policy for calls to {app}.";
        }

        foreach (var (component, direction) in new[] { (Topology.StateStoreComponent, "outbound"), (Topology.PubSubComponent, "outbound"), (Topology.PubSubComponent, "inbound"), (Topology.PurchasesBindingComponent, "outbound") })
        {
            if (self.Root.Map("spec", "targets", "components", component, direction) is null) yield return $"{self.File}: no {direction} policy for {component}.";
        }
    }

    /// <summary>The app stops waiting for offline features after its own deadline; Dapr's retries must end before it.</summary>
    public static IEnumerable<string> OfflineFeaturesFitTheAppDeadline(RepositorySnapshot repo)
    {
        var deadline = new PipelineOptions().OfflineFeaturesTimeout;
        var policy = App(repo, Topology.OfflineFeaturesAppId);
        if (policy.Timeout is null) yield return "Calls to offline-features need a per-attempt timeout.";
        if (policy.WorstCase() >= deadline) yield return $"Calls to offline-features can take {policy.WorstCase().TotalMilliseconds} ms with Dapr's retries, not under the app's {deadline.TotalMilliseconds} ms deadline.";
    }

    /// <summary>The app's HttpClient timeout is only a backstop: Dapr's whole retry sequence to the scorer ends first.</summary>
    public static IEnumerable<string> ScorerFitsTheHttpClientBackstop(RepositorySnapshot repo)
    {
        var backstop = new DaprOptions().InvocationTimeout;
        var policy = App(repo, Topology.ScorerAppId);
        if (policy.Timeout is null || policy.CircuitBreaker is null) yield return "Calls to scorer need a per-attempt timeout and a circuit breaker.";
        if (policy.WorstCase() >= backstop) yield return $"Calls to scorer can take {policy.WorstCase().TotalSeconds} s with Dapr's retries, not under the app's {backstop.TotalSeconds} s HttpClient timeout.";
    }

    /// <summary>
    /// A dependency that keeps failing is not hammered: calls to each app go through a circuit breaker that opens after a
    /// few consecutive failures, stays open long enough to matter, and lets a trial request through so recovery needs
    /// no one. Dapr owns the breakers; the invocation clients add no retry or breaker of their own (docs/resilience.md).
    /// </summary>
    public static IEnumerable<string> BreakersStopCallsToFailingApps(RepositorySnapshot repo)
    {
        var self = SelfHosted(repo);
        foreach (var app in new[] { Topology.ScorerAppId, Topology.OfflineFeaturesAppId })
        {
            if (App(repo, app).CircuitBreaker is not { } name)
            {
                yield return $"{self.File}: calls to {app} have no circuitBreaker.";
                continue;
            }

            var breaker = self.Root.Map("spec", "policies", "circuitBreakers", name);
            if (breaker is null)
            {
                yield return $"{self.File}: circuitBreaker '{name}' of {app} is not defined.";
                continue;
            }

            var trip = ConsecutiveFailures().Match(breaker.Str("trip") ?? string.Empty);
            if (!trip.Success) yield return $"{self.File}: {name}.trip must read 'consecutiveFailures > N' (is '{breaker.Str("trip")}').";
            else if (int.Parse(trip.Groups[1].Value, CultureInfo.InvariantCulture) is < 1 or > 20) yield return $"{self.File}: {name} should open after 2 to 21 consecutive failures, not {trip.Groups[1].Value}+1.";
            if (Duration(breaker.Str("timeout")) is not { } open || open < TimeSpan.FromSeconds(5) || open > TimeSpan.FromMinutes(5)) yield return $"{self.File}: {name}.timeout (how long it stays open) must be 5 s to 5 min, is '{breaker.Str("timeout")}'.";
            if (breaker.Number("maxRequests") is not (>= 1)) yield return $"{self.File}: {name}.maxRequests must let at least one trial request through when half-open, or it never closes by itself.";
        }

        foreach (var project in new[] { "libs/Dapr/DaprPredictor.Dapr.csproj", "services/feature-extractor/DaprPredictor.FeatureExtractor.csproj" })
        {
            foreach (var package in new[] { "Polly", "Microsoft.Extensions.Http.Resilience", "Microsoft.Extensions.Http.Polly" })
            {
                if (repo.Text(project).Contains($"Include=\"{package}\"", StringComparison.Ordinal)) yield return $"{project} references {package}: retries and breakers of Dapr calls belong to Dapr resiliency alone.";
            }
        }
    }

    /// <summary>Deliveries are retried a bounded number of times, so a message that keeps failing reaches the dead-letter topic.</summary>
    public static IEnumerable<string> DeliveriesEndInTheDeadLetterTopic(RepositorySnapshot repo)
    {
        var inbound = Component(repo, Topology.PubSubComponent, "inbound");
        if (inbound.MaxRetries is not (>= 1 and <= 20)) yield return $"pubsub inbound retries must be bounded (1..20), are {inbound.MaxRetries?.ToString(CultureInfo.InvariantCulture) ?? "unset"}.";
        if (inbound.RetryPolicy != "exponential") yield return "pubsub inbound retries should back off exponentially.";
        if (inbound.Timeout is null) yield return "pubsub inbound needs a per-delivery timeout.";
        var span = inbound.WorstCase(jitter: 0.5);
        if (span > TimeSpan.FromMinutes(5)) yield return $"pubsub inbound retries can hold a message for {span}, more than 5 min.";
    }

    /// <summary>
    /// Dapr does not retry the state store: under a retry policy daprd answers OK to a bulk save whose retried items
    /// landed although an item that lost on its ETag was not written (dapr/dapr pkg/components/state/bulk.go
    /// PerformBulkStoreOperation), and the app cannot tell; without one, every failed item fails the call and the app
    /// reads the keys back. A transient store error is retried by redelivery instead.
    /// </summary>
    public static IEnumerable<string> StateSavesAreNotRetriedByDapr(RepositorySnapshot repo)
    {
        var policy = Component(repo, Topology.StateStoreComponent, "outbound");
        if (policy.RetryPolicy is not null || policy.MaxRetries is not null)
        {
            yield return $"{Topology.StateStoreComponent} outbound must have no retry: under one daprd answers OK to a bulk save whose item lost on its ETag while another item's retry succeeded, and that user's window misses the batch.";
        }
    }

    /// <summary>Built-in component retries are off where Dapr owns them, and the Redis stream does not redeliver during Dapr's retries.</summary>
    public static IEnumerable<string> ComponentRetriesDoNotMultiply(RepositorySnapshot repo)
    {
        var inboundSpan = Component(repo, Topology.PubSubComponent, "inbound").WorstCase(jitter: 0.5);
        foreach (var c in repo.Environments().SelectMany(e => e.Components).DistinctBy(c => c.File))
        {
            switch (c.Type)
            {
                case "state.redis" or "pubsub.redis" when c.Value("redisMaxRetries") != "-1":
                    yield return $"{c}: redisMaxRetries must be -1 (the client's own retries off; 0 means its default of 3).";
                    break;
                case "pubsub.kafka" when c.Value("producerRetryMax") != "0":
                    yield return $"{c}: producerRetryMax must be 0 (Dapr retries publishes).";
                    break;
                case "pubsub.kafka" when c.Value("initialOffset") != "oldest":
                    yield return $"{c}: initialOffset must be oldest, or events published before the group exists are skipped.";
                    break;
                case "pubsub.rabbitmq" when c.Value("enableDeadLetter") != "false" || c.Value("requeueInFailure") != "true":
                    yield return $"{c}: dead letters go through Dapr (enableDeadLetter false) and a failed dead-lettering is requeued (requeueInFailure true).";
                    break;
                case "pubsub.rabbitmq" when c.Value("concurrencyMode") != "single":
                    yield return $"{c}: concurrencyMode must be single, or one user's events are delivered in parallel.";
                    break;
            }

            if (c.Type == "pubsub.redis" && (Duration(c.Value("processingTimeout")) is not { } processing || processing <= inboundSpan))
            {
                yield return $"{c}: processingTimeout ({c.Value("processingTimeout")}) must exceed Dapr's inbound retry span ({inboundSpan.TotalSeconds:N0} s), or a second copy is delivered while Dapr still retries.";
            }
        }
    }

    public static TimeSpan? Duration(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return TimeSpan.FromMilliseconds(ms);
        var matches = GoDuration().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != text) return null;
        return matches.Aggregate(TimeSpan.Zero, (sum, m) => sum + (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * m.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(1),
            "s" => TimeSpan.FromSeconds(1),
            "m" => TimeSpan.FromMinutes(1),
            _ => TimeSpan.FromHours(1),
        }));
    }

    private static TargetPolicy Resolve(YamlMappingNode root, YamlMappingNode? target)
    {
        var retry = root.Map("spec", "policies", "retries", target.Str("retry") ?? "\0");
        return new TargetPolicy(
            Duration(root.Str("spec", "policies", "timeouts", target.Str("timeout") ?? "\0")),
            retry.Str("policy"),
            Duration(retry.Str("duration")) ?? TimeSpan.Zero,
            Duration(retry.Str("maxInterval")),
            retry.Number("maxRetries"),
            target.Str("circuitBreaker"));
    }

    private static IEnumerable<string> References(YamlNode? node, string key) => node switch
    {
        YamlMappingNode map => map.Children.SelectMany(c => ((YamlScalarNode)c.Key).Value == key && c.Value is YamlScalarNode s ? [s.Value!] : References(c.Value, key)),
        _ => [],
    };

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h)")]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"^\s*consecutiveFailures\s*>\s*(\d+)\s*$")]
    private static partial Regex ConsecutiveFailures();
}

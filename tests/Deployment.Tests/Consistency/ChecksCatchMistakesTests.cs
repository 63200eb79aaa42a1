using DaprPredictor.Deployment.Tests.Checks;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Consistency;

/// <summary>Each check, run on a copy of the repository with one deliberate mistake, reports it: the checks can fail.</summary>
public sealed class ChecksCatchMistakesTests
{
    private static RepositorySnapshot Repo => RepositorySnapshot.Repository;

    [Fact]
    public void APortChangedInOneFileIsReportedNamingThatFileAndDaprYaml()
    {
        var edited = Repo.WithEdit("k8s/40-offline-features.yaml", "containerPort: 5200", "containerPort: 5201");

        var problem = Assert.Single(AppChecks.AppPorts(edited));

        Assert.Contains("k8s/40-offline-features.yaml", problem, StringComparison.Ordinal);
        Assert.Contains("dapr.yaml", problem, StringComparison.Ordinal);
        Assert.Contains("5201", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AUrlsInTheAppsettingsOfAServiceTyeProxiesIsReportedNamingTheProxy()
    {
        var edited = Repo.WithEdit("services/feature-extractor/appsettings.json", "{\n", "{\n  \"Urls\": \"http://localhost:5100\",\n");

        var problem = Assert.Single(AppChecks.AddressesComeFromTheEnvironment(edited));

        Assert.Contains("services/feature-extractor/appsettings.json: sets Urls", problem, StringComparison.Ordinal);
        Assert.Contains("tye.yaml proxies feature-extractor (readiness probe) on port 5100", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void KestrelEndpointsInAnEnvironmentsAppsettingsAreReported()
    {
        var edited = Repo.With("services/scorer/appsettings.Production.json", """{ "kestrel": { "endpoints": { "Http": { "Url": "http://localhost:5300" } } } }""");

        Assert.Contains(AppChecks.AddressesComeFromTheEnvironment(edited), p => p.StartsWith("services/scorer/appsettings.Production.json: sets kestrel:endpoints", StringComparison.Ordinal));
    }

    [Fact]
    public void ATyeServiceLeftInTyesDefaultDevelopmentEnvironmentOrALaunchProfileIsReported()
    {
        var edited = Repo.WithEdit("tye.yaml", "      - name: ASPNETCORE_ENVIRONMENT\n        value: Production\n      - name: DOTNET_ENVIRONMENT\n        value: Production\n    liveness:\n      http:\n        path: /alive\n    readiness:\n      http:\n        path: /health\n  - name: offline-features", "    liveness:\n      http:\n        path: /alive\n    readiness:\n      http:\n        path: /health\n  - name: offline-features")
            .With("services/scorer/Properties/launchSettings.json", """{ "profiles": { "scorer": { "commandName": "Project", "environmentVariables": { "ASPNETCORE_ENVIRONMENT": "Development" } } } }""");

        var problems = LauncherChecks.Environments(edited).ToList();

        Assert.Contains(problems, p => p.StartsWith("tye.yaml: feature-extractor needs env ASPNETCORE_ENVIRONMENT", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("services/scorer/Properties/launchSettings.json:", StringComparison.Ordinal));
    }

    [Fact]
    public void ARedisRedeliverIntervalWrittenAsADurationIsReported()
    {
        var edited = Repo.WithEdit("components/redis/pubsub.yaml", "value: \"60000\"", "value: 60s");

        Assert.Contains(ComponentChecks.MetadataValueTypes(edited), p => p.Contains("redeliverInterval is read as integer milliseconds; '60s'", StringComparison.Ordinal));
    }

    [Fact]
    public void ADaprdMetricsPortEqualToAnAppPortIsReported()
    {
        var edited = Repo.WithEdit("dapr.yaml", "metricsPort: 9092", "metricsPort: 5100");

        Assert.Contains(AppChecks.SidecarPorts(edited), p => p.Contains("metricsPort 5100 is also an app port", StringComparison.Ordinal));
    }

    [Fact]
    public void AComponentScopedToAnAppThatDoesNotNeedItIsReported()
    {
        var edited = Repo.WithEdit("components/common/statestore.yaml", "  - offline-features\n", "  - offline-features\n  - scorer\n");

        Assert.Contains(ComponentChecks.Scopes(edited), p => p.Contains("scorer loads 'statestore' without needing it", StringComparison.Ordinal));
    }

    [Fact]
    public void APasswordWrittenIntoAComponentIsReported()
    {
        var edited = Repo.WithEdit("k8s/30-component-statestore.yaml", "      secretKeyRef:\n        name: daprpredictor-secrets\n        key: redis-password", "      value: hunter2");

        Assert.Contains(SecretChecks.NoSecretValues(edited), p => p.Contains("'redisPassword' must be a secretKeyRef", StringComparison.Ordinal));
    }

    [Fact]
    public void APubsubCopiedIntoCommonIsReportedAsMisplacedAndDuplicated()
    {
        var edited = Repo.With("components/common/pubsub.yaml", Repo.Text("components/redis/pubsub.yaml"));

        Assert.NotEmpty(ComponentChecks.CommonFolder(edited));
        Assert.Contains(ComponentChecks.NoDuplicates(edited), p => p.Contains("components/common/pubsub.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public void AnOfflineFeaturesTimeoutThatOutlastsTheAppDeadlineIsReported()
    {
        var edited = Repo.WithEdit("components/common/resiliency.yaml", "offline-features-attempt: 100ms", "offline-features-attempt: 150ms");

        Assert.Single(ResiliencyChecks.OfflineFeaturesFitTheAppDeadline(edited));
        Assert.Contains(ResiliencyChecks.TargetsAndPolicies(edited), p => p.Contains("same spec", StringComparison.Ordinal));
    }

    [Fact]
    public void DaprAndTyeOnDifferentBrokersAreReported()
    {
        var edited = Repo.WithEdit("dapr.yaml", "- ./components/redis", "- ./components/kafka");

        Assert.Contains(ComponentChecks.LaunchersLoadTheSameResources(edited), p => p.Contains("tye.yaml loads", StringComparison.Ordinal));
    }

    [Fact]
    public void APerAppDaprFolderThatWouldOverrideTheCommonResourcesIsReported()
    {
        var edited = Repo.With("services/scorer/.dapr/config.yaml", Repo.Text("components/config.yaml"));

        Assert.Contains(ComponentChecks.LaunchersLoadTheSameResources(edited), p => p.Contains("services/scorer/.dapr/config.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public void ADeploymentWithoutAReadOnlyRootFilesystemOrLimitsIsReported()
    {
        var edited = Repo.WithEdit("k8s/41-scorer.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false")
            .WithEdit("k8s/41-scorer.yaml", "              memory: 768Mi\n", string.Empty);

        var problems = KubernetesChecks.Hardening(edited).ToList();

        Assert.Contains(problems, p => p.Contains("read-only root filesystem", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("no memory limit", StringComparison.Ordinal));
    }

    [Fact]
    public void ALivenessProbeOnHealthIsReported()
    {
        var edited = Repo.WithEdit("k8s/42-feature-extractor.yaml", "          livenessProbe:\n            httpGet:\n              path: /alive", "          livenessProbe:\n            httpGet:\n              path: /health");

        Assert.Single(KubernetesChecks.Probes(edited));
    }

    [Fact]
    public void AStateStoreRetryPolicyIsReported()
    {
        var edited = Repo.WithEdit("components/common/resiliency.yaml", "          timeout: state-operation\n", "          timeout: state-operation\n          retry: publish-retries\n");

        Assert.Contains(ResiliencyChecks.StateSavesAreNotRetriedByDapr(edited), p => p.Contains("statestore outbound must have no retry", StringComparison.Ordinal));
    }

    [Fact]
    public void AScorerTargetWithoutItsCircuitBreakerIsReported()
    {
        var edited = Repo.WithEdit("components/common/resiliency.yaml", "        circuitBreaker: scorer-breaker\n", string.Empty);

        Assert.Contains(ResiliencyChecks.BreakersStopCallsToFailingApps(edited), p => p.Contains("calls to scorer have no circuitBreaker", StringComparison.Ordinal));
    }

    [Fact]
    public void ABreakerThatNeverLetsATrialRequestThroughIsReported()
    {
        var edited = Repo.WithEdit("components/common/resiliency.yaml", "      scorer-breaker:\n        maxRequests: 1", "      scorer-breaker:\n        maxRequests: 0");

        Assert.Contains(ResiliencyChecks.BreakersStopCallsToFailingApps(edited), p => p.Contains("scorer-breaker.maxRequests", StringComparison.Ordinal));
    }

    [Fact]
    public void ASimulatorJobWithAWritableRootFilesystemOrWithoutSeccompIsReported()
    {
        var edited = Repo.WithEdit("k8s/simulator/clickstream-simulator-job.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false")
            .WithEdit("k8s/simulator/clickstream-simulator-job.yaml", "          type: RuntimeDefault\n", "          type: Unconfined\n");

        var problems = KubernetesChecks.Hardening(edited).ToList();

        Assert.Contains(problems, p => p.Contains("clickstream-simulator", StringComparison.Ordinal) && p.Contains("read-only root filesystem", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("clickstream-simulator", StringComparison.Ordinal) && p.Contains("seccompProfile", StringComparison.Ordinal));
    }
}

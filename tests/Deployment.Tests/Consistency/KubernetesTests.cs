using DaprPredictor.Deployment.Tests.Checks;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Consistency;

public sealed class KubernetesTests
{
    private static RepositorySnapshot Repo => RepositorySnapshot.Repository;

    [Fact]
    public void KubectlApplyOnK8sCreatesTheNamespaceFirstAndOnlyKindsADaprClusterKnows() => Violations.AssertNone(KubernetesChecks.AppliedFolder(Repo));

    [Fact]
    public void EveryAppDeploymentHasTheDaprAnnotationsAndTheAppTokenWiring() => Violations.AssertNone(KubernetesChecks.DaprAnnotations(Repo));

    [Fact]
    public void PrometheusScrapesEachAppOnItsOwnPortAndMetricsPath() => Violations.AssertNone(KubernetesChecks.PrometheusAnnotations(Repo));

    [Fact]
    public void ReadinessProbesHealthWhileLivenessAndStartupProbeAlive() => Violations.AssertNone(KubernetesChecks.Probes(Repo));

    [Fact]
    public void EveryWorkloadRunsNonRootWithoutPrivilegesAndWithResourceLimits() => Violations.AssertNone(KubernetesChecks.Hardening(Repo));

    [Fact]
    public void EachAppHasOneServiceSelectingItsPods() => Violations.AssertNone(KubernetesChecks.Services(Repo));

    [Fact]
    public void TheScorerServesTheModelBakedIntoItsImageWithAnOptionalOverride() => Violations.AssertNone(KubernetesChecks.ScorerModel(Repo));
}

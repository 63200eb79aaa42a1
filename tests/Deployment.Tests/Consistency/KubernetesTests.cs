using DaprPredictor.Deployment.Tests.Checks;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Consistency;

public sealed class KubernetesTests
{
    private static RepositorySnapshot Repo => RepositorySnapshot.Repository;

    [Fact]
    public void Kubectl_apply_on_k8s_creates_the_namespace_first_and_only_kinds_a_Dapr_cluster_knows() => Violations.AssertNone(KubernetesChecks.AppliedFolder(Repo));

    [Fact]
    public void Every_app_deployment_has_the_Dapr_annotations_and_the_app_token_wiring() => Violations.AssertNone(KubernetesChecks.DaprAnnotations(Repo));

    [Fact]
    public void Prometheus_scrapes_each_app_on_its_own_port_and_metrics_path() => Violations.AssertNone(KubernetesChecks.PrometheusAnnotations(Repo));

    [Fact]
    public void Readiness_probes_health_while_liveness_and_startup_probe_alive() => Violations.AssertNone(KubernetesChecks.Probes(Repo));

    [Fact]
    public void Every_workload_runs_non_root_without_privileges_and_with_resource_limits() => Violations.AssertNone(KubernetesChecks.Hardening(Repo));

    [Fact]
    public void Each_app_has_one_service_selecting_its_pods() => Violations.AssertNone(KubernetesChecks.Services(Repo));

    [Fact]
    public void The_scorer_serves_the_model_baked_into_its_image_with_an_optional_override() => Violations.AssertNone(KubernetesChecks.ScorerModel(Repo));
}

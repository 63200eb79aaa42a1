using DaprPredictor.Deployment.Tests.Checks;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Consistency;

public sealed class AppTests
{
    private static RepositorySnapshot Repo => RepositorySnapshot.Repository;

    [Fact]
    public void Every_file_names_the_same_apps_as_Topology_and_runs_the_same_project_for_each() => Violations.AssertNone(AppChecks.AppIds(Repo));

    [Fact]
    public void Each_app_listens_on_one_port_in_dapr_yaml_tye_yaml_k8s_the_Dockerfiles_and_appsettings() => Violations.AssertNone(AppChecks.AppPorts(Repo));

    [Fact]
    public void Sidecar_ports_are_fixed_distinct_and_never_an_app_port() => Violations.AssertNone(AppChecks.SidecarPorts(Repo));

    [Fact]
    public void The_multi_app_run_starts_each_service_with_dotnet_run_and_checks_its_health() => Violations.AssertNone(LauncherChecks.RunFileApps(Repo));

    [Fact]
    public void Tye_probes_alive_and_health_and_gives_the_simulator_a_sidecar() => Violations.AssertNone(LauncherChecks.TyeProbes(Repo));

    [Fact]
    public void Both_launchers_point_the_scorer_at_the_trained_model_and_the_simulator_at_the_held_out_stream() => Violations.AssertNone(LauncherChecks.TrainingOutputs(Repo));

    [Fact]
    public void Every_app_image_is_multi_stage_non_root_and_restores_before_copying_sources() => Violations.AssertNone(DockerfileChecks.Images(Repo));
}

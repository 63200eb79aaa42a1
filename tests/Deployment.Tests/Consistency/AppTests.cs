using DaprPredictor.Deployment.Tests.Checks;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Consistency;

public sealed class AppTests
{
    private static RepositorySnapshot Repo => RepositorySnapshot.Repository;

    [Fact]
    public void EveryFileNamesTheSameAppsAsTopologyAndRunsTheSameProjectForEach() => Violations.AssertNone(AppChecks.AppIds(Repo));

    [Fact]
    public void EachAppListensOnOnePortInDaprYamlTyeYamlK8sTheDockerfilesAndTopology() => Violations.AssertNone(AppChecks.AppPorts(Repo));

    [Fact]
    public void NoAppsettingsFileNamesAnAddressSoTheLauncherDecidesWhereTheAppListens() => Violations.AssertNone(AppChecks.AddressesComeFromTheEnvironment(Repo));

    [Fact]
    public void NoHostRunsAsDevelopmentUnlessAsked() => Violations.AssertNone(LauncherChecks.Environments(Repo));

    [Fact]
    public void SidecarPortsAreFixedDistinctAndNeverAnAppPort() => Violations.AssertNone(AppChecks.SidecarPorts(Repo));

    [Fact]
    public void TheMultiAppRunStartsEachServiceWithDotnetRunAndChecksItsHealth() => Violations.AssertNone(LauncherChecks.RunFileApps(Repo));

    [Fact]
    public void TyeProbesAliveAndHealthAndGivesTheSimulatorASidecar() => Violations.AssertNone(LauncherChecks.TyeProbes(Repo));

    [Fact]
    public void BothLaunchersPointTheScorerAtTheTrainedModelAndTheSimulatorAtTheHeldOutStream() => Violations.AssertNone(LauncherChecks.TrainingOutputs(Repo));

    [Fact]
    public void EveryAppImageIsMultiStageNonRootAndRestoresBeforeCopyingSources() => Violations.AssertNone(DockerfileChecks.Images(Repo));
}

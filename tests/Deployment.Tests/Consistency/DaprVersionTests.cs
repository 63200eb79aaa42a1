using DaprPredictor.Deployment.Tests.Checks;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Consistency;

public sealed class DaprVersionTests
{
    private static RepositorySnapshot Repo => RepositorySnapshot.Repository;

    [Fact]
    public void TheDocumentsPromiseOneDaprRangeThatHasEveryFeatureTheFilesUse() => Violations.AssertNone(DaprVersionChecks.StatedRangeCoversWhatTheFilesUse(Repo));

    [Fact]
    public void PromisingDapr114WhileResiliencyUsesMatchingIsReported()
    {
        var edited = Repo.WithEdit(DaprVersionChecks.DeploymentGuide, "Supported: **Dapr 1.15 to", "Supported: **Dapr 1.14 to");

        var problems = DaprVersionChecks.StatedRangeCoversWhatTheFilesUse(edited).ToList();

        Assert.Contains(problems, p => p.Contains("components/common/resiliency.yaml", StringComparison.Ordinal) && p.Contains("only from 1.15", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("k8s/20-resiliency.yaml", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("README.md promises Dapr 1.15", StringComparison.Ordinal));
    }
}

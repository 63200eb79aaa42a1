using DaprPredictor.Deployment.Tests.Checks;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Consistency;

public sealed class ResiliencyTests
{
    private static RepositorySnapshot Repo => RepositorySnapshot.Repository;

    [Fact]
    public void ThePoliciesTargetRealAppsAndComponentsAndAreTheSameInKubernetes() => Violations.AssertNone(ResiliencyChecks.TargetsAndPolicies(Repo));

    [Fact]
    public void DaprRetriesOfOfflineFeaturesEndBeforeTheApps250MsDeadline() => Violations.AssertNone(ResiliencyChecks.OfflineFeaturesFitTheAppDeadline(Repo));

    [Fact]
    public void DaprRetriesOfTheScorerEndBeforeTheAppsHttpClientTimeout() => Violations.AssertNone(ResiliencyChecks.ScorerFitsTheHttpClientBackstop(Repo));

    [Fact]
    public void CallsToTheScorerAndToOfflineFeaturesGoThroughACircuitBreakerThatReopensByItself() => Violations.AssertNone(ResiliencyChecks.BreakersStopCallsToFailingApps(Repo));

    [Fact]
    public void ADeliveryThatKeepsFailingIsRetriedABoundedNumberOfTimesThenDeadLettered() => Violations.AssertNone(ResiliencyChecks.DeliveriesEndInTheDeadLetterTopic(Repo));

    [Fact]
    public void ComponentLevelRetriesDoNotMultiplyWithDaprResiliency() => Violations.AssertNone(ResiliencyChecks.ComponentRetriesDoNotMultiply(Repo));

    [Fact]
    public void DaprDoesNotRetryTheStateStoreSoABulkSaveNeverHidesAnItemThatLostOnItsETag() => Violations.AssertNone(ResiliencyChecks.StateSavesAreNotRetriedByDapr(Repo));

    [Theory]
    [InlineData("100ms", 100)]
    [InlineData("1s", 1_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("300", 300)]
    public void GoDurationsAreReadAsDaprdReadsThem(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), ResiliencyChecks.Duration(text));

    [Fact]
    public void TheWorstCaseOfAPolicyCountsEveryAttemptAndEveryPause()
    {
        var constant = new TargetPolicy(TimeSpan.FromMilliseconds(100), "constant", TimeSpan.FromMilliseconds(20), null, 1, null);
        Assert.Equal(TimeSpan.FromMilliseconds(220), constant.WorstCase());

        // 500 ms, then x1.5, capped at 1 s: 0.5 + 0.75 + 1 + 1 s of pauses, plus 5 attempts of 2 s.
        var exponential = new TargetPolicy(TimeSpan.FromSeconds(2), "exponential", TimeSpan.Zero, TimeSpan.FromSeconds(1), 4, null);
        Assert.Equal(TimeSpan.FromMilliseconds(13_250), exponential.WorstCase());
    }
}

using DaprPredictor.Deployment.Tests.Checks;
using DaprPredictor.Deployment.Tests.Files;

namespace DaprPredictor.Deployment.Tests.Consistency;

public sealed class ResiliencyTests
{
    private static RepositorySnapshot Repo => RepositorySnapshot.Repository;

    [Fact]
    public void The_policies_target_real_apps_and_components_and_are_the_same_in_Kubernetes() => Violations.AssertNone(ResiliencyChecks.TargetsAndPolicies(Repo));

    [Fact]
    public void Dapr_retries_of_offline_features_end_before_the_apps_250_ms_deadline() => Violations.AssertNone(ResiliencyChecks.OfflineFeaturesFitTheAppDeadline(Repo));

    [Fact]
    public void Dapr_retries_of_the_scorer_end_before_the_apps_HttpClient_timeout() => Violations.AssertNone(ResiliencyChecks.ScorerFitsTheHttpClientBackstop(Repo));

    [Fact]
    public void A_delivery_that_keeps_failing_is_retried_a_bounded_number_of_times_then_dead_lettered() => Violations.AssertNone(ResiliencyChecks.DeliveriesEndInTheDeadLetterTopic(Repo));

    [Fact]
    public void Component_level_retries_do_not_multiply_with_Dapr_resiliency() => Violations.AssertNone(ResiliencyChecks.ComponentRetriesDoNotMultiply(Repo));

    [Theory]
    [InlineData("100ms", 100)]
    [InlineData("1s", 1_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("300", 300)]
    public void Go_durations_are_read_as_daprd_reads_them(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), ResiliencyChecks.Duration(text));

    [Fact]
    public void The_worst_case_of_a_policy_counts_every_attempt_and_every_pause()
    {
        var constant = new TargetPolicy(TimeSpan.FromMilliseconds(100), "constant", TimeSpan.FromMilliseconds(20), null, 1, null);
        Assert.Equal(TimeSpan.FromMilliseconds(220), constant.WorstCase());

        // 500 ms, then x1.5, capped at 1 s: 0.5 + 0.75 + 1 + 1 s of pauses, plus 5 attempts of 2 s.
        var exponential = new TargetPolicy(TimeSpan.FromSeconds(2), "exponential", TimeSpan.Zero, TimeSpan.FromSeconds(1), 4, null);
        Assert.Equal(TimeSpan.FromMilliseconds(13_250), exponential.WorstCase());
    }
}

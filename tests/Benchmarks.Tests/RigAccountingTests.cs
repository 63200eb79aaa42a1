using DaprPredictor.Benchmarks.DaprPath;

namespace DaprPredictor.Benchmarks.Tests;

/// <summary>When a session's counts add up: every published page view ended, once, unless the sidecar delivered it again.</summary>
public sealed class RigAccountingTests
{
    private static RigAccounting Session(double scored, double duplicates, double rejected, long redelivered, long predictions = 90, long deadLetters = 5) =>
        new(PipelineMode.Single, Published: 100, new PipelineCounters(Received: 0, scored, duplicates, rejected, Retried: 0, Degraded: 0), predictions, deadLetters, redelivered);

    [Fact]
    public void EveryPublishedEventEndedOnceAndTheConsumerSawEachEnd() => Assert.True(Session(90, 5, 5, redelivered: 0).AccountedFor);

    [Fact]
    public void AnEventThatDidNotEndIsNotAccountedFor() => Assert.False(Session(89, 5, 5, redelivered: 3).AccountedFor);

    [Fact]
    public void AnEventTheSidecarRedeliveredAfterGivingUpOnItMayEndASecondTimeAsADuplicate()
    {
        Assert.True(Session(90, 7, 5, redelivered: 2).AccountedFor);
        Assert.False(Session(90, 7, 5, redelivered: 1).AccountedFor);
    }

    [Fact]
    public void AScoredEventWhosePredictionNeverReachedTheConsumerIsNotAccountedFor() => Assert.False(Session(90, 5, 5, redelivered: 0, predictions: 89).AccountedFor);

    [Fact]
    public void ARejectedEventWithoutItsDeadLetterIsNotAccountedFor() => Assert.False(Session(90, 5, 5, redelivered: 0, deadLetters: 4).AccountedFor);
}

using DaprPredictor.Contracts;
using DaprPredictor.Pipeline.Predictions;
using static DaprPredictor.Pipeline.Tests.Predictions.ProcessorRig;

namespace DaprPredictor.Pipeline.Tests.Predictions;

/// <summary>
/// Publish, then save: a failure at any step before the save leaves the window as it was, so the redelivered event is
/// processed afresh and nothing is lost; a failed save after the publish costs a second prediction for the event
/// (at least once), never a lost one.
/// </summary>
public sealed class FailureTests
{
    [Fact]
    public async Task AStateStoreThatCannotBeReadHandsTheEventBackHavingPublishedNothing()
    {
        var rig = new ProcessorRig();
        rig.State.FailOn = op => op == "get" ? new HttpRequestException("state store down") : null;

        await Assert.ThrowsAsync<HttpRequestException>(async () => await rig.DeliverAsync(View("e1", TimeSpan.Zero)));

        Assert.Empty(rig.Publisher.Messages);
        Assert.Empty(rig.Scorer.Seen);
        Assert.Equal(1, rig.Metrics.Snapshot().Retried);
    }

    [Fact]
    public async Task AScorerFailurePublishesAndSavesNothingSoTheRedeliveryIsScoredAsTheFirstEvent()
    {
        var rig = new ProcessorRig();
        rig.Scorer.FailOn = _ => new HttpRequestException("scorer down");

        await Assert.ThrowsAsync<HttpRequestException>(async () => await rig.DeliverAsync(View("e1", TimeSpan.Zero)));
        Assert.Empty(rig.Publisher.Messages);
        Assert.Null(await rig.StoredAsync());

        rig.Scorer.FailOn = _ => null;
        var redelivered = await rig.DeliverAsync(View("e1", TimeSpan.Zero));

        Assert.Equal(EventFate.Scored, redelivered.Fate);
        Assert.Equal(1, (await rig.StoredAsync())!.Window.EventCount);
    }

    [Fact]
    public async Task APredictionThatCannotBePublishedLeavesTheWindowUntouchedSoTheRedeliveryIsScored()
    {
        var rig = new ProcessorRig();
        await rig.DeliverAsync(View("e1", TimeSpan.Zero));
        rig.Publisher.FailOn = topic => topic == Topology.PredictionsTopic ? new HttpRequestException("pubsub down") : null;

        await Assert.ThrowsAsync<HttpRequestException>(async () => await rig.DeliverAsync(View("e2", TimeSpan.FromMinutes(1))));

        Assert.Equal(1, rig.State.Count("try-save")); // only e1's
        Assert.Equal(1, (await rig.StoredAsync())!.Window.EventCount);
        rig.Publisher.FailOn = _ => null;
        var redelivered = await rig.DeliverAsync(View("e2", TimeSpan.FromMinutes(1)));
        Assert.Equal(EventFate.Scored, redelivered.Fate);
        Assert.Equal(["e1", "e2"], rig.Publisher.Predictions.Select(p => p.EventId));
        Assert.Equal(2, (await rig.StoredAsync())!.Window.EventCount);
        var counts = rig.Metrics.Snapshot();
        Assert.Equal((3, 2, 1), (counts.Received, counts.Scored, counts.Retried));
    }

    [Fact]
    public async Task AWindowThatCannotBeSavedAfterPublishingIsScoredAndPublishedAgainOnRedelivery()
    {
        var rig = new ProcessorRig();
        rig.State.FailOn = op => op == "try-save" ? new HttpRequestException("state store down") : null;

        await Assert.ThrowsAsync<HttpRequestException>(async () => await rig.DeliverAsync(View("e1", TimeSpan.Zero)));
        Assert.Single(rig.Publisher.Predictions);
        Assert.Null(await rig.StoredAsync());

        rig.State.FailOn = _ => null;
        var redelivered = await rig.DeliverAsync(View("e1", TimeSpan.Zero));

        Assert.Equal(EventFate.Scored, redelivered.Fate); // not a duplicate: the first attempt left no window
        Assert.Equal(["e1", "e1"], rig.Publisher.Predictions.Select(p => p.EventId));
        Assert.Equal(redelivered.Prediction, (await rig.StoredAsync())!.LatestPrediction);
    }
}

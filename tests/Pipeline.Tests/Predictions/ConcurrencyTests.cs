using DaprPredictor.Domain.Events;
using DaprPredictor.Pipeline.Monitoring;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Testing;
using Microsoft.Extensions.Options;
using static DaprPredictor.Pipeline.Tests.Predictions.ProcessorRig;

namespace DaprPredictor.Pipeline.Tests.Predictions;

/// <summary>
/// The ETag loop: two instances of the service may process one user's events at once; the one that saves second
/// re-reads the window and applies its event again, so neither event is lost; a window that keeps changing hands the
/// event back after the configured attempts. Only a saved prediction is graded.
/// </summary>
public sealed class ConcurrencyTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnotherInstanceSavingFirstMakesThisOneReReadAndKeepBothEvents(bool embeddedStore)
    {
        var rig = new ProcessorRig(embeddedStore);
        var other = rig.NewInstance(rig.Shared);
        var e2 = View("e2", TimeSpan.FromMinutes(1), "/product/p-1", price: 30);
        rig.Clock.SetUtcNow(T.AddMinutes(1) + Transit);
        rig.State.BeforeNextTrySave = async _ => await other.ProcessAsync(e2, Delivery.Message, CancellationToken.None);

        var result = await rig.Processor.ProcessAsync(View("e1", TimeSpan.Zero, "/"), Delivery.Message, CancellationToken.None);

        Assert.Equal(EventFate.Scored, result.Fate);
        Assert.Equal(1, rig.Metrics.Snapshot().StateConflicts);
        Assert.Equal(["e1", "e2", "e1"], rig.Publisher.Predictions.Select(p => p.EventId)); // the lost attempt's prediction stays published
        var stored = (await rig.StoredAsync())!;
        Assert.Equal((2, T, PageType.Home, T.AddMinutes(1)), (stored.Window.EventCount, stored.Window.SessionStart, stored.Window.EntryPage, stored.Window.LastEventAt));
        Assert.Equal(result.Prediction, stored.LatestPrediction);

        // e1 applied again to the window e2 made: e1 is now the session's first event, e2 its newest.
        var again = rig.Scorer.Seen[^1];
        Assert.Equal((1, 1, 1), (Vectors.Slot(again, "last_page_product"), Vectors.Slot(again, "second_last_page_home"), Vectors.Slot(again, "entry_page_home")));
        Assert.Equal((2, 60, 30), (Vectors.Slot(again, "session_events"), Vectors.Slot(again, "session_seconds"), Vectors.Slot(again, "mean_viewed_price")));
        Assert.Equal([("u-1", T), ("u-1", T.AddMinutes(1)), ("u-1", T)], rig.Offline.Lookups); // e1's session start moved back: asked again
    }

    [Fact]
    public async Task AWindowThatKeepsChangingHandsTheEventBackAfterTheConfiguredAttemptsAndGradesNothing()
    {
        var rig = new ProcessorRig { Grading = new LiveGrading(Options.Create(new GradingOptions()), TimeProvider.System, TestServices.MeterFactory) };
        rig.Settings.MaxConflictRetries = 3;
        rig.State.LoseEveryRace = true;

        var error = await Assert.ThrowsAsync<StateConflictException>(async () => await rig.DeliverAsync(View("e1", TimeSpan.Zero)));

        Assert.Contains("'u-1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 consecutive attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal((3, 3), (rig.State.Count("get"), rig.State.Count("try-save")));
        Assert.Equal(3, rig.Publisher.Predictions.Count);
        var counts = rig.Metrics.Snapshot();
        Assert.Equal((1, 0, 3, 1), (counts.Received, counts.Scored, counts.StateConflicts, counts.Retried));
        rig.Grading.SettleAll();
        Assert.Equal(0, rig.Grading.Graded);
    }

    [Fact]
    public async Task ASavedPredictionIsGradedWhenItsSessionSettles()
    {
        var rig = new ProcessorRig { Grading = new LiveGrading(Options.Create(new GradingOptions()), TimeProvider.System, TestServices.MeterFactory) };

        await rig.DeliverAllAsync(View("e1", TimeSpan.Zero), View("e2", TimeSpan.FromMinutes(1)));
        rig.Grading.SettleAll();

        Assert.Equal((2, 0), (rig.Grading.Graded, rig.Grading.GradedPositive));
    }
}

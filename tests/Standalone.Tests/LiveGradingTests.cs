using DaprPredictor.Embedded;
using DaprPredictor.ModelServing;
using DaprPredictor.Pipeline.Monitoring;
using DaprPredictor.Standalone.Replay;
using DaprPredictor.Standalone.Sinks;
using DaprPredictor.Synthetic;

namespace DaprPredictor.Standalone.Tests;

/// <summary>The standalone host grades itself from the purchases in its stream, with training's label, and sees drift.</summary>
[Collection(StandaloneCollection.Name)]
public class LiveGradingTests(StandaloneModel model)
{
    private static async Task ReplayAsync(StandaloneHost host, ReplaySource stream)
    {
        _ = host.Server;
        host.Get<EmbeddedPurchaseHistory>().Load(stream.Purchases!, "test");
        await Replayer.RunAsync(host.Services, stream, StandaloneHost.Silent, CancellationToken.None);
    }

    [Fact]
    public async Task LiveGradesOfASyntheticReplayAgreeWithItsGroundTruthOnEveryScoredEvent()
    {
        using var host = new StandaloneHost(model.Files.Model);
        var stream = ReplaySource.Synthetic(6_000, seed: 21, new NoiseOptions(DuplicateRate: 0.03, InvalidRate: 0.02));

        await ReplayAsync(host, stream);

        // Each synthetic visitor has one visit, bought 5–120 s after its last page or not at all: the label the pipeline
        // derives from the purchases it was sent must be the generator's truth for every event it scored.
        var grading = host.Get<LiveGrading>();
        var truth = host.Get<PredictionSink>().Evaluation!.Result()!;
        Assert.Equal(host.Counts.Scored, grading.Graded);
        var labels = ReplayTruth.ByEventId(stream);
        Assert.Equal(host.Published.ByEventId.Keys.Count(id => labels[id].Label), grading.GradedPositive);
        Assert.Equal(truth.LogLoss, grading.Overall().LogLoss!.Value, 9);
        Assert.Equal(truth.Auc, grading.Overall().Auc!.Value, 9);
        Assert.Equal(0, grading.Ungraded);
        Assert.Equal(0, grading.TrackedUsers);
    }

    [Fact]
    public async Task ASecondHalfWithANewUserMixMovesTheDriftGaugesAndTheOnlineLogLoss()
    {
        using var host = new StandaloneHost(model.Files.Model, settings: new Dictionary<string, string> { ["Grading:WindowSize"] = "5000" });
        var start = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var before = SyntheticGenerator.Generate(new SyntheticOptions { Users = 3_000, Seed = 3, ClickstreamStart = start, ClickstreamDays = 2 });

        // Mostly loyal customers and big spenders instead of half window-shoppers: more history, more purchases.
        var after = SyntheticGenerator.Generate(new SyntheticOptions
        {
            Users = 3_000, Seed = 4, ClickstreamStart = start.AddDays(2), ClickstreamDays = 2, TypeMix = [0.05, 0.05, 0.45, 0.45], UserIdPrefix = "d-",
        });

        await ReplayAsync(host, ReplaySource.Synthetic([before], NoiseOptions.None, 3, null, "before"));
        var grading = host.Get<LiveGrading>();
        var drift = host.Get<FeatureDrift>();
        var (stableGrade, stableDrift) = (grading.Grade(), drift.Current().ToDictionary(f => f.Feature, f => f.Psi));
        await ReplayAsync(host, ReplaySource.Synthetic([after], NoiseOptions.None, 4, null, "after"));
        var (driftedGrade, drifted) = (grading.Grade(), drift.Current().ToDictionary(f => f.Feature, f => f.Psi));

        Assert.True(stableGrade.Count > 1000, $"graded {stableGrade.Count}");
        Assert.All(stableDrift, f => Assert.True(f.Value < 0.1, $"{f.Key}: PSI {f.Value:0.000} on the training population"));
        Assert.True(drifted["purchase_count"] > 0.25, $"purchase_count PSI {drifted["purchase_count"]:0.000} after the mix changed");
        Assert.True(driftedGrade.BaseRate > stableGrade.BaseRate + 0.05, $"base rate {stableGrade.BaseRate:0.000} → {driftedGrade.BaseRate:0.000}");
        Assert.True(driftedGrade.LogLoss > stableGrade.LogLoss + 0.1, $"log loss {stableGrade.LogLoss:0.0000} → {driftedGrade.LogLoss:0.0000}");
    }
}

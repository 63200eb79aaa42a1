using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Monitoring;

namespace DaprPredictor.Domain.Tests.Monitoring;

public class FeatureDriftTests
{
    private static float[] Vector(int lastPage, float sessionEvents)
    {
        var v = new float[FeatureSchema.Length];
        v[lastPage] = 1;
        v[FeatureSchema.Names.ToList().IndexOf("session_events")] = sessionEvents;
        return v;
    }

    [Fact]
    public void GroupsAreThePageOneHotsAndEachNumericSlotCoveringTheSchemaOnce()
    {
        var groups = FeatureGroups.All;
        Assert.Equal(["last_page", "second_last_page", "third_last_page", "entry_page"], groups.Take(4).Select(g => g.Name));
        Assert.Equal([9, 10, 10, 9], groups.Take(4).Select(g => g.SlotCount));
        Assert.Equal(FeatureSchema.Length, groups.Sum(g => g.SlotCount));
        Assert.Contains(groups, g => g is { Name: "days_since_last_purchase", SlotCount: 1 });
    }

    [Fact]
    public void PsiIsZeroForTheSameSharesAndMatchesTheFormulaForAShift()
    {
        Assert.Equal(0, PopulationStability.Index([0.5, 0.5], [10, 10]), 12);
        // (0.8 − 0.5)·ln(0.8/0.5) + (0.2 − 0.5)·ln(0.2/0.5)
        Assert.Equal((0.3 * Math.Log(1.6)) + (-0.3 * Math.Log(0.4)), PopulationStability.Index([0.5, 0.5], [8, 2]), 12);
    }

    [Fact]
    public void NumericBinsAreTrainingDecilesAndPageBinsAreTheHotSlot()
    {
        var training = Enumerable.Range(1, 100).Select(i => Vector(i % 2, i)).ToArray();
        var group = FeatureGroups.Find("session_events")!;

        var numeric = FeatureDistribution.Of(group, training);
        var page = FeatureDistribution.Of(FeatureGroups.Find("last_page")!, training);

        Assert.Equal([10, 20, 30, 40, 50, 60, 70, 80, 90], numeric.UpperEdges.Select(e => (int)e));
        Assert.All(numeric.Proportions, p => Assert.Equal(0.1, p, 12));
        Assert.Equal([0.5, 0.5, 0, 0, 0, 0, 0, 0, 0], page.Proportions);
    }

    [Fact]
    public void TheDriftWindowSeesANewPopulationAndForgetsTheOldOne()
    {
        var training = Enumerable.Range(1, 1000).Select(i => Vector(i % 2, i % 10)).ToArray();
        var window = new FeatureDriftWindow(FeatureDistribution.OfAll(training), capacity: 500);
        Psi(window, training.Take(500));
        Assert.InRange(Psi(window, [])["last_page"], 0, 0.001);

        var shifted = Enumerable.Range(0, 500).Select(i => Vector(4, 50)).ToArray();
        var after = Psi(window, shifted);

        Assert.True(after["last_page"] > 1, $"PSI {after["last_page"]}");
        Assert.True(after["session_events"] > 1, $"PSI {after["session_events"]}");
        Assert.InRange(after["purchase_count"], 0, 1e-9); // a constant feature did not move
    }

    private static Dictionary<string, double> Psi(FeatureDriftWindow window, IEnumerable<float[]> vectors)
    {
        foreach (var v in vectors) window.Add(v);
        return window.Stability().ToDictionary(x => x.Feature, x => x.Psi);
    }
}

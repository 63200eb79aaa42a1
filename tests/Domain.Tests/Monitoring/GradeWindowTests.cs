using DaprPredictor.Domain.Monitoring;
using DaprPredictor.Domain.Outcomes;

namespace DaprPredictor.Domain.Tests.Monitoring;

public class GradeWindowTests
{
    [Fact]
    public void TheWindowGradesOnlyItsMostRecentPredictionsWithTheHeldOutFigures()
    {
        var window = new GradeWindow(capacity: 4);
        (double, bool)[] pairs = [(0.9, false), (0.9, false), (0.2, false), (0.7, true), (0.1, false), (0.6, true)];
        foreach (var (p, y) in pairs) window.Add(p, y);

        var expected = ProbabilityScores.Of([0.2, 0.7, 0.1, 0.6], [false, true, false, true]);
        var grade = window.Grade();
        Assert.Equal(4, grade.Count);
        Assert.Equal(expected.LogLoss, grade.LogLoss!.Value, 12);
        Assert.Equal(expected.Brier, grade.Brier!.Value, 12);
        Assert.Equal(1.0, grade.Auc);
        Assert.Equal(0.5, grade.BaseRate);
        Assert.Equal(Math.Log(2), grade.BaseRateLogLoss!.Value, 12);
    }

    [Fact]
    public void CalibrationBinsHoldTheMeanPredictionAndTheObservedRatePerDecile()
    {
        var window = new GradeWindow(capacity: 100);
        window.Add(0.12, true);
        window.Add(0.18, false);
        window.Add(0.95, true);
        window.Add(1.0, true);

        var bins = window.Grade().Calibration;
        Assert.Equal(10, bins.Count);
        Assert.Equal((2, 0.15, 0.5), (bins[1].Count, Math.Round(bins[1].MeanPredicted, 12), bins[1].ObservedRate));
        Assert.Equal((2, 0.975, 1.0), (bins[9].Count, Math.Round(bins[9].MeanPredicted, 12), bins[9].ObservedRate));
        Assert.Equal(0, bins[5].Count);
    }

    [Fact]
    public void AnEmptyWindowHasNoGrade()
    {
        var grade = new GradeWindow(10).Grade();
        Assert.Equal((0, (double?)null, (double?)null), (grade.Count, grade.LogLoss, grade.Auc));
    }
}

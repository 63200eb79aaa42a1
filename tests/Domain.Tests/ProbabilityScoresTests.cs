using DaprPredictor.Domain.Outcomes;

namespace DaprPredictor.Domain.Tests;

public class ProbabilityScoresTests
{
    [Fact]
    public void AucIsOneForAPerfectRankingZeroForAReversedOneAndAHalfForTies()
    {
        bool[] labels = [false, false, true, true];

        Assert.Equal(1.0, Scores([0.1, 0.2, 0.8, 0.9], labels).Auc);
        Assert.Equal(0.0, Scores([0.9, 0.8, 0.2, 0.1], labels).Auc);
        Assert.Equal(0.5, Scores([0.5, 0.5, 0.5, 0.5], labels).Auc);
        Assert.Equal(0.875, Scores([0.1, 0.5, 0.5, 0.9], labels).Auc); // pairs: 1 + ½ + 1 + 1 of 4
    }

    [Fact]
    public void LogLossAndBrierMatchTheirDefinitions()
    {
        Assert.Equal(Math.Log(2), Scores([0.5, 0.5], [true, false]).LogLoss, 12);
        Assert.Equal(0.25, Scores([0.5, 0.5], [true, false]).Brier, 12);
        Assert.True(Scores([0.0], [true]).LogLoss < 40, "probabilities are clipped, so a confident miss is large but finite");
    }

    [Fact]
    public void EachOutcomeIsGradedOnItsOwnSide()
    {
        var hit = Scores([0.8], [true]);
        var miss = Scores([0.8], [false]);

        Assert.Equal((-Math.Log(0.8), 0.04, 1L, 1.0), (hit.LogLoss, hit.Brier, hit.Positives, hit.BaseRate), new Tolerance());
        Assert.Equal((-Math.Log(0.2), 0.64, 0L, 0.0), (miss.LogLoss, miss.Brier, miss.Positives, miss.BaseRate), new Tolerance());
    }

    [Fact]
    public void CertainProbabilitiesAreGradedFinitelyAndBinned()
    {
        var scores = Scores([1.0, 0.0, 1.0], [false, true, true]);

        Assert.True(double.IsFinite(scores.LogLoss) && scores.LogLoss > 20, $"{scores.LogLoss}");
        Assert.Equal(0.25, scores.Auc); // of two pairs, the positive at 1 ties the negative at 1 (a half), the one at 0 loses
    }

    [Fact]
    public void AucNeedsBothOutcomes()
    {
        Assert.Null(Scores([0.2, 0.9], [true, true]).Auc);
        Assert.Null(Scores([0.2, 0.9], [false, false]).Auc);
        Assert.Throws<ArgumentException>(() => Scores([0.5], [true, false]));
    }

    private sealed class Tolerance : IEqualityComparer<(double, double, long, double)>
    {
        public bool Equals((double, double, long, double) x, (double, double, long, double) y) =>
            Math.Abs(x.Item1 - y.Item1) < 1e-12 && Math.Abs(x.Item2 - y.Item2) < 1e-12 && x.Item3 == y.Item3 && Math.Abs(x.Item4 - y.Item4) < 1e-12;

        public int GetHashCode((double, double, long, double) obj) => 0;
    }

    private static ProbabilityScores Scores(double[] probabilities, bool[] outcomes) => ProbabilityScores.Of(probabilities, outcomes);
}

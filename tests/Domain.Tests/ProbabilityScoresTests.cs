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

    private static ProbabilityScores Scores(double[] probabilities, bool[] outcomes) => ProbabilityScores.Of(probabilities, outcomes);
}

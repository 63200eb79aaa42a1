namespace DaprPredictor.ModelTraining;

/// <summary>Boosted trees (FastTree, logistic loss) with Platt-calibrated probabilities.</summary>
/// <remarks>
/// Defaults were chosen on held-out log loss across seeds and data sizes (docs/model.md). FastTree's own early stopping
/// was tried and rejected: it kept between 4 and 47 trees depending on the seed, which made quality erratic.
/// </remarks>
public sealed record TrainerSettings(int Trees = 150, int Leaves = 16, int MinimumRowsPerLeaf = 200, double LearningRate = 0.08, int Seed = 1)
{
    public string Describe() => $"FastTree binary (trees={Trees}, leaves={Leaves}, minLeafRows={MinimumRowsPerLeaf}, lr={LearningRate}) + Platt calibration on a later slice";
}

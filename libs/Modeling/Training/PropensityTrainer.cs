using DaprPredictor.Modeling.Model;
using DaprPredictor.Modeling.TrainingSet;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace DaprPredictor.Modeling.Training;

/// <summary>Boosted trees (FastTree, logistic loss) with Platt-calibrated probabilities.</summary>
public sealed record TrainerSettings(int Trees = 200, int Leaves = 20, int MinimumRowsPerLeaf = 50, double LearningRate = 0.1, int Seed = 1)
{
    public string Describe() => $"FastTree binary (trees={Trees}, leaves={Leaves}, minLeafRows={MinimumRowsPerLeaf}, lr={LearningRate}) + Platt calibration on a later validation slice";
}

public static class PropensityTrainer
{
    public static (ITransformer Model, DataViewSchema InputSchema) Train(MLContext context, IReadOnlyList<TrainingRow> rows, TrainerSettings settings, IReadOnlyList<TrainingRow>? validation = null)
    {
        var data = context.Data.LoadFromEnumerable(rows.Select(r => new ModelInput { Features = r.Features, Label = r.Label }));
        var validationData = validation is null ? null : context.Data.LoadFromEnumerable(validation.Select(r => new ModelInput { Features = r.Features, Label = r.Label }));
        var trainer = context.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = settings.Trees,
            NumberOfLeaves = settings.Leaves,
            MinimumExampleCountPerLeaf = settings.MinimumRowsPerLeaf,
            LearningRate = settings.LearningRate,
            Seed = settings.Seed,
            FeatureColumnName = nameof(ModelInput.Features),
            LabelColumnName = nameof(ModelInput.Label),
            EarlyStoppingRule = validationData is null ? null : new TolerantEarlyStoppingRule(),
            EarlyStoppingMetric = EarlyStoppingMetric.L2Norm,
        });
        if (validationData is null) return (trainer.Fit(data), data.Schema);

        // FastTree's own Platt step is fitted on the rows the trees learned from, which overstates confidence on small
        // data. Refit it on the later validation slice the trees never saw; the new Probability column replaces the old.
        var trees = trainer.Fit(data, validationData);
        var calibrator = context.BinaryClassification.Calibrators.Platt(nameof(ModelInput.Label), nameof(ModelOutput.Score))
            .Fit(trees.Transform(validationData));
        return (trees.Append(calibrator), data.Schema);
    }
}

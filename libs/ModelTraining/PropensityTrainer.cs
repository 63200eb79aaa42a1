using DaprPredictor.ModelServing;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace DaprPredictor.ModelTraining;

public static class PropensityTrainer
{
    /// <param name="calibration">Later rows the trees do not learn from, used to calibrate probabilities.</param>
    public static (ITransformer Model, DataViewSchema InputSchema) Train(MLContext context, IReadOnlyList<TrainingRow> rows, IReadOnlyList<TrainingRow> calibration, TrainerSettings settings)
    {
        var data = context.Data.LoadFromEnumerable(rows.Select(r => new ModelInput { Features = r.Features, Label = r.Label }));
        var calibrationData = context.Data.LoadFromEnumerable(calibration.Select(r => new ModelInput { Features = r.Features, Label = r.Label }));
        var trainer = context.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = settings.Trees,
            NumberOfLeaves = settings.Leaves,
            MinimumExampleCountPerLeaf = settings.MinimumRowsPerLeaf,
            LearningRate = settings.LearningRate,
            Seed = settings.Seed,
            FeatureColumnName = nameof(ModelInput.Features),
            LabelColumnName = nameof(ModelInput.Label),
        });

        // FastTree's own Platt step is fitted on the rows the trees learned from, which overstates confidence on small
        // data. Refit it on the later slice the trees never saw; the new Probability column replaces the old one.
        var trees = trainer.Fit(data);
        var calibrator = context.BinaryClassification.Calibrators.Platt(nameof(ModelInput.Label), nameof(ModelOutput.Score))
            .Fit(trees.Transform(calibrationData));
        return (trees.Append(calibrator), data.Schema);
    }
}

using DaprPredictor.Domain.Outcomes;
using DaprPredictor.ModelServing;
using DaprPredictor.Synthetic;

namespace DaprPredictor.ModelTraining.Tests;

/// <summary>The one grading implementation (streaming, binned) against ML.NET's own evaluator on a real model's predictions.</summary>
[Collection(TrainedModelCollection.Name)]
public class EvaluationTests(TrainedModelFixture trained)
{
    [Fact]
    public void StreamingAucAndLogLossAgreeWithMlNetsEvaluatorOnARealModel()
    {
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Users = 4_000, Seed = 77 });
        var rows = TrainingSetBuilder.Build(data.Clickstream(), data.Purchases, new TrainingSetOptions()).Rows;
        var model = ModelFile.Load(trained.Result.Files.Model);
        var context = model.Context;
        var scored = model.Transformer.Transform(context.Data.LoadFromEnumerable(rows.Select(r => new ModelInput { Features = r.Features, Label = r.Label })));

        var exact = context.BinaryClassification.Evaluate(scored, nameof(ModelInput.Label));
        var probabilities = context.Data.CreateEnumerable<ModelOutput>(scored, reuseRowObject: false).Select(o => (double)o.Probability).ToArray();
        var ours = ProbabilityScores.Of(probabilities, rows.Select(r => r.Label).ToArray());

        Assert.True(ours.Count > 10_000, $"{ours.Count} rows");
        Assert.Equal(exact.AreaUnderRocCurve, ours.Auc!.Value, 3);
        Assert.Equal(exact.LogLoss * Math.Log(2), ours.LogLoss, 3); // ML.NET reports log loss in bits
    }
}

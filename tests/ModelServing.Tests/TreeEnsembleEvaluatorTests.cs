using DaprPredictor.Domain.Features;
using DaprPredictor.ModelTraining;
using DaprPredictor.Synthetic;
using DaprPredictor.Testing;
using Microsoft.ML;

namespace DaprPredictor.ModelServing.Tests;

/// <summary>
/// The direct evaluator against ML.NET's PredictionEngine on the same loaded model: the same float, bit for bit, on
/// real vectors, on every kind of edge value, and on probes at every threshold; and the engine for what it cannot score.
/// </summary>
[Collection(TrainedModelsCollection.Name)]
public class TreeEnsembleEvaluatorTests(TrainedModels models)
{
    public static TheoryData<string> Models => ["first", "second"];

    [Theory]
    [MemberData(nameof(Models))]
    public void ModelsOurTrainingWritesAreScoredDirectly(string which)
    {
        var predictor = Model(which).Predictor;

        Assert.True(predictor.IsDirect, predictor.Scoring);
        Assert.StartsWith("direct: 150 trees", predictor.Scoring, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void DirectProbabilitiesAreMlNetsFloatsOnRealVectors(string which)
    {
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Users = 3_000, Seed = 41 });
        var vectors = TrainingSetBuilder.Build(data.Clickstream(), data.Purchases, new TrainingSetOptions()).Rows.Select(r => r.Features).ToArray();

        Assert.True(vectors.Length > 5_000, $"only {vectors.Length} vectors");
        AssertSameFloats(Model(which).Predictor, vectors);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void DirectProbabilitiesAreMlNetsFloatsOnMissingAndExtremeValues(string which)
    {
        var real = models.Vectors;
        var extremes = new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.MinValue, float.Epsilon, -0f, 0f, -1f, 1e9f };
        var vectors = new List<float[]>
        {
            new float[FeatureSchema.Length],
            Enumerable.Repeat(float.NaN, FeatureSchema.Length).ToArray(),
            Enumerable.Repeat(float.PositiveInfinity, FeatureSchema.Length).ToArray(),
            Enumerable.Repeat(float.NegativeInfinity, FeatureSchema.Length).ToArray(),
        };

        // Each extreme in each slot of real vectors: a missing value (NaN) anywhere goes where ML.NET sends it.
        foreach (var vector in real.Take(8))
        {
            for (var slot = 0; slot < FeatureSchema.Length; slot++)
            {
                foreach (var value in extremes)
                {
                    var edited = (float[])vector.Clone();
                    edited[slot] = value;
                    vectors.Add(edited);
                }
            }
        }

        AssertSameFloats(Model(which).Predictor, vectors);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void DirectProbabilitiesAreMlNetsFloatsAtEveryThreshold(string which)
    {
        var predictor = Model(which).Predictor;
        var evaluator = TreeEnsembleEvaluator.TryCreate(predictor.Model.Transformer, out _)!;

        // Other probes than the ones the predictor checked itself on load: values at, and a float either side of, thresholds.
        AssertSameFloats(predictor, evaluator.Probes(20_000, seed: 5).ToArray());
    }

    [Fact]
    public void AModelOfAnotherShapeIsScoredByMlNetAndSaysWhy()
    {
        // FastTree without the Platt calibrator our training refits: not the shape the evaluator reads.
        var context = new MLContext(seed: 1);
        var rows = SyntheticRows(context.Data, 2_000);
        var trees = context.BinaryClassification.Trainers.FastTree(nameof(ModelInput.Label), nameof(ModelInput.Features), numberOfTrees: 5).Fit(rows);
        var card = ModelFile.Load(models.First.Bytes, "first").Card;
        var predictor = new PooledPredictor(new LoadedModel(trees, card, context));

        Assert.False(predictor.IsDirect);
        Assert.Equal(
            "ML.NET PredictionEngine: the model is BinaryPredictionTransformer`1, not FastTree binary trees followed by a Platt calibrator",
            predictor.Scoring);
        AssertSameFloats(predictor, models.Vectors);
    }

    [Fact]
    public void AVectorOfAnotherLengthIsRefused()
    {
        var predictor = models.First.Predictor;

        Assert.Contains("takes 55 values, got 54", Assert.Throws<ArgumentException>(() => predictor.Predict(new float[54])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => predictor.Predict(new float[56]));
    }

    private TrainedModel Model(string which) => which == "first" ? models.First : models.Second;

    /// <summary>Compares the bits, so that a difference in the last place (or between NaNs) fails and names the vector.</summary>
    private static void AssertSameFloats(PooledPredictor predictor, IReadOnlyList<float[]> vectors)
    {
        Assert.True(predictor.IsDirect || predictor.Scoring.StartsWith("ML.NET", StringComparison.Ordinal));
        for (var i = 0; i < vectors.Count; i++)
        {
            var (direct, engine) = (predictor.Predict(vectors[i]), predictor.PredictWithEngine(vectors[i]));
            Assert.True(
                BitConverter.SingleToInt32Bits(direct) == BitConverter.SingleToInt32Bits(engine),
                $"vector {i} [{string.Join(", ", vectors[i])}]: direct {direct:R}, ML.NET {engine:R}");
        }
    }

    private static IDataView SyntheticRows(DataOperationsCatalog data, int count)
    {
        var random = new Random(3);
        return data.LoadFromEnumerable(Enumerable.Range(0, count).Select(_ =>
        {
            var features = Enumerable.Range(0, FeatureSchema.Length).Select(_ => (float)random.NextDouble()).ToArray();
            return new ModelInput { Features = features, Label = features[0] + features[1] > 1 };
        }));
    }
}

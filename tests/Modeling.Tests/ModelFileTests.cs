using DaprPredictor.Domain.Features;
using DaprPredictor.Modeling.Evaluation;
using DaprPredictor.Modeling.Model;
using DaprPredictor.Modeling.Training;
using DaprPredictor.Testing;

namespace DaprPredictor.Modeling.Tests;

[Collection(TrainedModelCollection.Name)]
public class ModelFileTests(TrainedModelFixture trained)
{
    [Fact]
    public void SavedModelLoadsWithItsCard()
    {
        var model = ModelFile.Load(trained.Result.Files.Model);

        Assert.Equal(trained.Result.Card.ModelVersion, model.Card.ModelVersion);
        Assert.Equal(FeatureSchema.Version, model.Card.FeatureSchemaVersion);
        Assert.Equal(FeatureSchema.Names, model.Card.FeatureNames);
    }

    [Fact]
    public void TruncatedModelIsRefusedWithAnExplanation()
    {
        var bytes = File.ReadAllBytes(trained.Result.Files.Model);

        var error = Assert.Throws<ModelFileException>(() => ModelFile.Load(bytes[..(bytes.Length / 2)], "half.zip"));
        Assert.Contains("half.zip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZipWithoutACardIsRefused()
    {
        Assert.Contains("model-card.json", Assert.Throws<ModelFileException>(() => ModelFile.Load(DamagedModels.WithoutCard(), "other.zip")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelOfAnotherSchemaVersionIsRefused()
    {
        var edited = DamagedModels.OfAnotherSchema(File.ReadAllBytes(trained.Result.Files.Model));

        Assert.Contains("version 99", Assert.Throws<ModelFileException>(() => ModelFile.Load(edited, "v99.zip")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PooledPredictionsUnderConcurrencyEqualSequentialOnes()
    {
        var predictor = new PooledPredictor(ModelFile.Load(trained.Result.Files.Model));
        var data = Synthetic.SyntheticGenerator.Generate(new Synthetic.SyntheticOptions { Users = 500, Seed = 99 });
        var vectors = TrainingSet.TrainingSetBuilder.Build(data.Clickstream(), data.Purchases, new TrainingSet.TrainingSetOptions()).Rows.Select(r => r.Features).ToArray();

        var sequential = vectors.Select(v => predictor.Predict(v)).ToArray();
        var parallel = new float[vectors.Length];
        Parallel.For(0, vectors.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = predictor.Predict(vectors[i]));

        Assert.Equal(sequential, parallel);
        Assert.All(sequential, p => Assert.InRange(p, 0f, 1f));
        Assert.True(sequential.Distinct().Count() > 10, "the model should not score every vector alike");
    }
}

public class BinaryMetricsTests
{
    [Fact]
    public void AucIsOneForAPerfectRankingZeroForAReversedOneAndAHalfForTies()
    {
        bool[] labels = [false, false, true, true];

        Assert.Equal(1.0, BinaryMetrics.Auc([0.1, 0.2, 0.8, 0.9], labels));
        Assert.Equal(0.0, BinaryMetrics.Auc([0.9, 0.8, 0.2, 0.1], labels));
        Assert.Equal(0.5, BinaryMetrics.Auc([0.5, 0.5, 0.5, 0.5], labels));
        Assert.Equal(0.875, BinaryMetrics.Auc([0.1, 0.5, 0.5, 0.9], labels)); // pairs: 1 + ½ + 1 + 1 of 4
    }

    [Fact]
    public void LogLossAndBrierMatchTheirDefinitions()
    {
        Assert.Equal(Math.Log(2), BinaryMetrics.LogLoss([0.5, 0.5], [true, false]), 12);
        Assert.Equal(0.25, BinaryMetrics.Brier([0.5, 0.5], [true, false]), 12);
        Assert.True(BinaryMetrics.LogLoss([0.0], [true]) < 40, "probabilities are clipped, so a confident miss is large but finite");
    }
}

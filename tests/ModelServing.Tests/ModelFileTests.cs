using DaprPredictor.Domain.Features;
using DaprPredictor.ModelTraining;
using DaprPredictor.Synthetic;
using DaprPredictor.Testing;

namespace DaprPredictor.ModelServing.Tests;

[Collection(TrainedModelsCollection.Name)]
public class ModelFileTests(TrainedModels models)
{
    [Fact]
    public void SavedModelLoadsWithItsCard()
    {
        var model = ModelFile.Load(models.First.Path);

        Assert.Equal(models.First.Version, model.Card.ModelVersion);
        Assert.Equal(FeatureSchema.Version, model.Card.FeatureSchemaVersion);
        Assert.Equal(FeatureSchema.Names, model.Card.FeatureNames);
    }

    [Fact]
    public void TruncatedModelIsRefusedWithAnExplanation()
    {
        var bytes = models.First.Bytes;

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
        var edited = DamagedModels.OfAnotherSchema(models.First.Bytes);

        Assert.Contains("version 99", Assert.Throws<ModelFileException>(() => ModelFile.Load(edited, "v99.zip")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PooledPredictionsUnderConcurrencyEqualSequentialOnes()
    {
        var predictor = new PooledPredictor(ModelFile.Load(models.First.Path));
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Users = 500, Seed = 99 });
        var vectors = TrainingSetBuilder.Build(data.Clickstream(), data.Purchases, new TrainingSetOptions()).Rows.Select(r => r.Features).ToArray();

        var sequential = vectors.Select(v => predictor.Predict(v)).ToArray();
        var parallel = new float[vectors.Length];
        Parallel.For(0, vectors.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = predictor.Predict(vectors[i]));

        Assert.Equal(sequential, parallel);
        Assert.All(sequential, p => Assert.InRange(p, 0f, 1f));
        Assert.True(sequential.Distinct().Count() > 10, "the model should not score every vector alike");
    }
}

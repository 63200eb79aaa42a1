using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Synthetic;

namespace DaprPredictor.ModelTraining.Tests;

/// <summary>
/// Training/serving skew: the batch training path and the serving processor, fed the same stream, must produce
/// bit-identical feature vectors (the serving side is <see cref="ServingReplay"/>).
/// </summary>
public class ParityTests
{
    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    public async Task TrainingAndServingComputeIdenticalFeaturesForTheSameStream(int seed)
    {
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Users = 400, Seed = seed });
        var stream = data.Clickstream().ToArray();
        var training = TrainingSetBuilder.Build(stream, data.Purchases, new TrainingSetOptions()).Rows.ToDictionary(r => r.EventId);

        var (served, fates) = await ServingReplay.RunAsync(stream, data.Purchases);

        Assert.All(fates, fate => Assert.Equal(EventFate.Scored, fate));
        Assert.Equal(stream.Length, served.Count);
        Assert.All(served, pair => Assert.Equal(training[pair.Key].Features, pair.Value));
    }
}

using DaprPredictor.Testing;

namespace DaprPredictor.Scorer.Tests;

[CollectionDefinition(Name)]
public sealed class TrainedModelsCollection : ICollectionFixture<TrainedModels>
{
    public const string Name = "trained models";
}

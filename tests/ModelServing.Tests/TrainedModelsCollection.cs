using DaprPredictor.Testing;

namespace DaprPredictor.ModelServing.Tests;

[CollectionDefinition(Name)]
public sealed class TrainedModelsCollection : ICollectionFixture<TrainedModels>
{
    public const string Name = "trained models";
}

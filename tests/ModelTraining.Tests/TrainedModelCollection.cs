namespace DaprPredictor.ModelTraining.Tests;

[CollectionDefinition(Name)]
public sealed class TrainedModelCollection : ICollectionFixture<TrainedModelFixture>
{
    public const string Name = "trained model";
}

namespace DaprPredictor.Standalone.Tests;

[CollectionDefinition(Name)]
public sealed class StandaloneCollection : ICollectionFixture<StandaloneModel>
{
    public const string Name = "standalone";
}

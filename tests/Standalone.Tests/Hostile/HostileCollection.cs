namespace DaprPredictor.Standalone.Tests.Hostile;

[CollectionDefinition(Name)]
public sealed class HostileCollection : ICollectionFixture<HostileStandalone>
{
    public const string Name = "hostile standalone";
}

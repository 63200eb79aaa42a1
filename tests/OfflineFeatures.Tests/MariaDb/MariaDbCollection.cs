namespace DaprPredictor.OfflineFeatures.Tests.MariaDb;

[CollectionDefinition(Name)]
public sealed class MariaDbCollection : ICollectionFixture<MariaDbFixture>
{
    public const string Name = "MariaDB";
}

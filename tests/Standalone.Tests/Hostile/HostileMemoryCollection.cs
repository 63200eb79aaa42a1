namespace DaprPredictor.Standalone.Tests.Hostile;

/// <summary>Tests that measure the process's allocations: never run in parallel with anything else.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileMemoryCollection : ICollectionFixture<HostileStandalone>
{
    public const string Name = "hostile memory";
}

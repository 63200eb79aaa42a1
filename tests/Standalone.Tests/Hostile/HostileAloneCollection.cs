namespace DaprPredictor.Standalone.Tests.Hostile;

/// <summary>
/// Tests that read what the whole process measures never run in parallel with anything: allocations, and counters on
/// <c>/metrics</c> (OpenTelemetry listens to every meter of the pipeline's name in the process, so a host running in
/// parallel would add to another's counts).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileAloneCollection : ICollectionFixture<HostileStandalone>
{
    public const string Name = "hostile, alone";
}

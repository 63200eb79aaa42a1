namespace DaprPredictor.FeatureExtractor.Tests.Hostile;

/// <summary>
/// Tests that read counters on <c>/metrics</c> never run in parallel with anything: OpenTelemetry listens to every meter
/// of the pipeline's name in the process, so a service running in parallel would add to another's counts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "metrics, alone";
}

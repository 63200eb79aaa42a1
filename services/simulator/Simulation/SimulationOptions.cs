namespace DaprPredictor.Simulator.Simulation;

/// <summary>What to publish and how fast. Either <see cref="File"/> or <see cref="SyntheticUsers"/>.</summary>
public sealed record SimulationOptions
{
    public const string DefaultFile = "out/model/heldout-events.jsonl";

    public string? File { get; init; }

    public int? SyntheticUsers { get; init; }

    /// <summary>The training command's default: synthetic users then match those whose purchases seeded the offline store.</summary>
    public int Seed { get; init; } = 42;

    public int SyntheticDays { get; init; } = 1;

    public bool Rebase { get; init; }

    /// <summary>Publish the shop's purchases on the <c>purchases</c> topic between the page views (live grading's outcomes).</summary>
    public bool SendPurchases { get; init; } = true;

    /// <summary>The purchases of a recorded stream; by default <c>purchases.jsonl</c> beside <see cref="File"/>, when it exists.</summary>
    public string? PurchasesFile { get; init; }

    /// <summary>Events per second; 0 or less publishes as fast as the sidecar acknowledges.</summary>
    public double EventsPerSecond { get; init; }

    public long? Limit { get; init; }

    public int MaxPending { get; init; } = 256;

    /// <summary>An app id whose /health must answer 2xx through Dapr before anything is published; null to skip.</summary>
    public string? WaitForAppId { get; init; }

    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Ask the sidecar to stop at the end, so that a Kubernetes Job with a Dapr sidecar completes.</summary>
    public bool ShutdownSidecar { get; init; }

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);
}

namespace DaprPredictor.ModelTraining;

public sealed record TrainingRequest
{
    public required string OutputDirectory { get; init; }

    /// <summary>Synthetic data size; ignored when <see cref="EventsFile"/> is given.</summary>
    public int Users { get; init; } = 100_000;

    public int Seed { get; init; } = 42;

    /// <summary>Your own clickstream (JSON Lines of page views) instead of synthetic data; needs <see cref="PurchasesFile"/>.</summary>
    public string? EventsFile { get; init; }

    /// <summary>Your own purchases (JSON Lines of purchase records, the format of purchases.jsonl).</summary>
    public string? PurchasesFile { get; init; }

    /// <summary>The later share of sessions (by start time) held out for evaluation and replay.</summary>
    public double TestFraction { get; init; } = 0.2;

    public TrainerSettings Trainer { get; init; } = new();

    public TrainingSetOptions TrainingSet { get; init; } = new();
}

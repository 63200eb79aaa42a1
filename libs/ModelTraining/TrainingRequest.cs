using DaprPredictor.ModelTraining.Import;

namespace DaprPredictor.ModelTraining;

public sealed record TrainingRequest
{
    public required string OutputDirectory { get; init; }

    /// <summary>Synthetic data size; ignored when <see cref="EventsFile"/> or <see cref="Import"/> is given.</summary>
    public int Users { get; init; } = 100_000;

    public int Seed { get; init; } = 42;

    /// <summary>Your own clickstream (JSON Lines of page views) instead of synthetic data; needs <see cref="PurchasesFile"/>.</summary>
    public string? EventsFile { get; init; }

    /// <summary>Your own purchases (JSON Lines of purchase records, the format of purchases.jsonl).</summary>
    public string? PurchasesFile { get; init; }

    /// <summary>A public dataset (REES46, RetailRocket) to convert into the output directory and train on, instead of synthetic data.</summary>
    public ImportSource? Import { get; init; }

    /// <summary>
    /// With <see cref="EventsFile"/> or <see cref="Import"/>: at most this many page views are trained on, of whole users
    /// chosen by a hash of their id (<see cref="UserSample{T}"/>); null trains on all.
    /// </summary>
    public long? MaxRows { get; init; } = DefaultMaxRows;

    public const long DefaultMaxRows = 2_000_000;

    /// <summary>The later share of sessions (by start time) held out for evaluation and replay.</summary>
    public double TestFraction { get; init; } = 0.2;

    public TrainerSettings Trainer { get; init; } = new();

    public TrainingSetOptions TrainingSet { get; init; } = new();
}

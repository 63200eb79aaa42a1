namespace DaprPredictor.Synthetic;

public sealed record SyntheticOptions
{
    public int Users { get; init; } = 20_000;

    public int Seed { get; init; } = 42;

    /// <summary>Start of the clickstream period; purchase history lies in the <see cref="HistoryDays"/> before it.</summary>
    public DateTimeOffset ClickstreamStart { get; init; } = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public int ClickstreamDays { get; init; } = 28;

    public int HistoryDays { get; init; } = 365;
}

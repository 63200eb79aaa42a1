namespace DaprPredictor.Synthetic;

public sealed record SyntheticOptions
{
    public int Users { get; init; } = 20_000;

    public int Seed { get; init; } = 42;

    /// <summary>Start of the clickstream period; purchase history lies in the <see cref="HistoryDays"/> before it.</summary>
    public DateTimeOffset ClickstreamStart { get; init; } = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public int ClickstreamDays { get; init; } = 28;

    public int HistoryDays { get; init; } = 365;

    /// <summary>
    /// Shares of the hidden user types, in the world's order, instead of the world's own priors: a shop whose visitors
    /// changed (the drift live monitoring must see). The oracle knows the mix, so it stays the best possible.
    /// </summary>
    public IReadOnlyList<double>? TypeMix { get; init; }

    /// <summary>Prefix of the generated user ids, so two generated populations can share one stream.</summary>
    public string UserIdPrefix { get; init; } = "u-";
}

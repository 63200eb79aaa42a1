namespace DaprPredictor.Synthetic.PublicFormats;

/// <summary>The size and period of a synthetic file in a public dataset's format.</summary>
public sealed record PublicFormatOptions
{
    /// <summary>Data rows to write (the header is extra).</summary>
    public long Rows { get; init; } = 100_000;

    public int Seed { get; init; } = 1;

    public DateTimeOffset Start { get; init; } = new(2019, 10, 1, 0, 0, 0, TimeSpan.Zero);

    public int Days { get; init; } = 30;

    /// <summary>Distinct users the sessions are drawn from (skewed: some come back often); default one per 12 rows.</summary>
    public int? Users { get; init; }
}

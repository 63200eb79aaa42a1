using System.Globalization;

namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>
/// The feature extractor's route for page views that a rig runs, set through its configuration: the single-event
/// subscription (<c>PageViews:Bulk:Enabled=false</c>), or bulk subscribe with bulk state, one scorer invocation per batch
/// and bulk publish (<c>PageViews:Bulk:Enabled=true</c>, <c>MaxMessagesCount</c>, <c>MaxAwaitDurationMs</c>, which the
/// feature extractor hands to daprd as the subscription's <c>bulkSubscribe</c>).
/// </summary>
internal sealed record PipelineMode(bool Bulk, int MaxMessagesCount, int MaxAwaitDurationMs)
{
    public static PipelineMode Single { get; } = new(false, 1, 0);

    public string Name => Bulk ? string.Create(CultureInfo.InvariantCulture, $"bulk {MaxMessagesCount}/{MaxAwaitDurationMs} ms") : "single";

    /// <summary>The feature extractor's environment for this mode (configuration keys as environment variables).</summary>
    public IReadOnlyDictionary<string, string?> Environment => Bulk
        ? new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PageViews__Bulk__Enabled"] = "true",
            ["PageViews__Bulk__MaxMessagesCount"] = MaxMessagesCount.ToString(CultureInfo.InvariantCulture),
            ["PageViews__Bulk__MaxAwaitDurationMs"] = MaxAwaitDurationMs.ToString(CultureInfo.InvariantCulture),
        }
        : new Dictionary<string, string?>(StringComparer.Ordinal) { ["PageViews__Bulk__Enabled"] = "false" };

    /// <summary>"single", "bulk", or both comma-separated ("single,bulk": each run of one is followed by a run of the other).</summary>
    public static IReadOnlyList<PipelineMode> ParseList(string text, int batchSize, int batchAwaitMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchAwaitMs, 1);
        var modes = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(name => name.ToUpperInvariant() switch
        {
            "SINGLE" => Single,
            "BULK" => new PipelineMode(true, batchSize, batchAwaitMs),
            _ => throw new ArgumentException($"--mode takes single, bulk or single,bulk; got '{name}'."),
        }).Distinct().ToList();
        return modes.Count > 0 ? modes : throw new ArgumentException("--mode names no mode.");
    }
}

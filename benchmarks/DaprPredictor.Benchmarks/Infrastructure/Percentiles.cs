using System.Diagnostics;
using System.Globalization;

namespace DaprPredictor.Benchmarks.Infrastructure;

/// <summary>Exact percentiles of recorded durations (every sample kept, sorted), in microseconds.</summary>
internal sealed record Percentiles(long Count, double Mean, double P50, double P90, double P99, double P999, double P9999, double Max)
{
    public static Percentiles FromTicks(Span<long> ticks)
    {
        if (ticks.IsEmpty) return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        ticks.Sort();
        double sum = 0;
        foreach (var t in ticks) sum += t;
        return new Percentiles(
            ticks.Length,
            Micros(sum / ticks.Length),
            Micros(At(ticks, 0.50)),
            Micros(At(ticks, 0.90)),
            Micros(At(ticks, 0.99)),
            Micros(At(ticks, 0.999)),
            Micros(At(ticks, 0.9999)),
            Micros(ticks[^1]));
    }

    /// <summary>The median of each field over several runs: what the docs report.</summary>
    public static Percentiles Median(IReadOnlyList<Percentiles> runs) => new(
        (long)Stats.Median(runs.Select(r => (double)r.Count)),
        Stats.Median(runs.Select(r => r.Mean)),
        Stats.Median(runs.Select(r => r.P50)),
        Stats.Median(runs.Select(r => r.P90)),
        Stats.Median(runs.Select(r => r.P99)),
        Stats.Median(runs.Select(r => r.P999)),
        Stats.Median(runs.Select(r => r.P9999)),
        Stats.Median(runs.Select(r => r.Max)));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"n={Count,9:N0}  mean={Mean,8:F2}  p50={P50,8:F2}  p90={P90,8:F2}  p99={P99,8:F2}  p99.9={P999,9:F2}  p99.99={P9999,9:F2}  max={Max,10:F2}  (µs)");

    private static double At(Span<long> sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];

    private static double Micros(double ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
}

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

namespace DaprPredictor.Embedded;

/// <summary>
/// Latency histogram with bounded memory: log-linear buckets (32 per power of two) from 1 µs to about 19 hours, so any
/// percentile is read to within about 3%. Lock-free: <see cref="Record(TimeSpan)"/> from any thread with an interlocked
/// add, or <see cref="Record(TimeSpan, int)"/> from one flow into its own buckets (<see cref="AddWriter"/>) with plain
/// writes, so that two busy consumers do not bounce a shared cache line per event. Readers sum the buckets.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 32;
    private const int Powers = 36;
    private readonly Lock _gate = new();
    private long[][] _counts = [new long[Powers * SubBuckets]];

    public long Count => Volatile.Read(ref _counts).Sum(counts => counts.Sum());

    /// <summary>Buckets of one's own, for a single writer (one flow at a time) to pass to <see cref="Record(TimeSpan, int)"/>.</summary>
    public int AddWriter()
    {
        lock (_gate)
        {
            _counts = [.. _counts, new long[Powers * SubBuckets]];
            return _counts.Length - 1;
        }
    }

    public void Record(TimeSpan elapsed) => Interlocked.Increment(ref _counts[0][Index(elapsed)]);

    /// <summary>Records into <paramref name="writer"/>'s buckets: never from two threads at once.</summary>
    public void Record(TimeSpan elapsed, int writer)
    {
        ref var count = ref Volatile.Read(ref _counts)[writer][Index(elapsed)];
        Volatile.Write(ref count, count + 1);
    }

    /// <summary>The latency below which <paramref name="quantile"/> of the recorded values fall (bucket midpoint).</summary>
    public TimeSpan Percentile(double quantile)
    {
        var counts = Volatile.Read(ref _counts);
        var merged = new long[Powers * SubBuckets];
        foreach (var writer in counts)
        {
            for (var i = 0; i < merged.Length; i++) merged[i] += Volatile.Read(ref writer[i]);
        }

        var total = merged.Sum();
        if (total == 0) return TimeSpan.Zero;
        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < merged.Length; i++)
        {
            seen += merged[i];
            if (seen >= Math.Max(1, rank)) return TimeSpan.FromMicroseconds(Midpoint(i));
        }

        return TimeSpan.FromMicroseconds(Midpoint(merged.Length - 1));
    }

    private static int Index(TimeSpan elapsed)
    {
        var micros = Math.Max(1L, (long)elapsed.TotalMicroseconds);
        var power = 63 - (int)long.LeadingZeroCount(micros);
        if (power >= Powers) return Powers * SubBuckets - 1;
        var offset = power < 5 ? (int)(micros - (1L << power)) * SubBuckets >> power : (int)((micros - (1L << power)) >> (power - 5));
        return power * SubBuckets + offset;
    }

    private static double Midpoint(int index)
    {
        var power = index / SubBuckets;
        var width = Math.Pow(2, power) / SubBuckets;
        return Math.Pow(2, power) + (index % SubBuckets + 0.5) * width;
    }
}

namespace DaprPredictor.Embedded;

/// <summary>
/// Lock-free latency histogram with bounded memory: log-linear buckets (32 per power of two) from 1 µs to about 19 hours,
/// so any percentile is read to within about 3%.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 32;
    private const int Powers = 36;
    private readonly long[] _counts = new long[Powers * SubBuckets];
    private long _total;

    public long Count => Interlocked.Read(ref _total);

    public void Record(TimeSpan elapsed)
    {
        var micros = Math.Max(1L, (long)elapsed.TotalMicroseconds);
        Interlocked.Increment(ref _counts[Index(micros)]);
        Interlocked.Increment(ref _total);
    }

    /// <summary>The latency below which <paramref name="quantile"/> of the recorded values fall (bucket midpoint).</summary>
    public TimeSpan Percentile(double quantile)
    {
        var total = Count;
        if (total == 0) return TimeSpan.Zero;
        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= Math.Max(1, rank)) return TimeSpan.FromMicroseconds(Midpoint(i));
        }

        return TimeSpan.FromMicroseconds(Midpoint(_counts.Length - 1));
    }

    private static int Index(long micros)
    {
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

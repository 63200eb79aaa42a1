namespace DaprPredictor.Benchmarks.Infrastructure;

/// <summary>
/// Every request of an open-loop run, by index (request i was due at i / <paramref name="Rate"/> seconds after the
/// start): latency from its due time, send lag and HTTP status (0: the connection failed). The first
/// <paramref name="Skipped"/> requests were the warm-up.
/// </summary>
internal sealed record OpenLoopRun(double Rate, long Skipped, long[] LatencyTicks, long[] LagTicks, int[] Status)
{
    public long Total => Status.LongLength;

    /// <summary>Latency percentiles (of a copy: the arrays keep their order) of the requests due in [<paramref name="from"/>, <paramref name="to"/>) seconds after the start.</summary>
    public Percentiles Latency(double from, double to) => Percentiles.FromTicks(LatencyTicks.AsSpan(Index(from), Index(to) - Index(from)).ToArray());

    public int Index(double seconds) => (int)Math.Clamp((long)(seconds * Rate), 0, Total);

    /// <summary>The measured part (after the warm-up), as the closed loop reports it; an error is any status but 200.</summary>
    public LoadResult Summary(int connections, TimeSpan duration)
    {
        var measured = (int)(Total - Skipped);
        var errors = Status.AsSpan((int)Skipped).ToArray().LongCount(s => s != 200);
        return new LoadResult("open", connections, duration.TotalSeconds, measured, errors,
            Percentiles.FromTicks(LatencyTicks.AsSpan((int)Skipped).ToArray()), Percentiles.FromTicks(LagTicks.AsSpan((int)Skipped).ToArray()));
    }
}

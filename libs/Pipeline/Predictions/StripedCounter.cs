namespace DaprPredictor.Pipeline.Predictions;

/// <summary>
/// A count added to by many threads at once, each on its own cache line (chosen by the processor it runs on), summed
/// when read: the pipeline's consumers count every event without bouncing one shared line between cores.
/// </summary>
public sealed class StripedCounter
{
    /// <summary>longs per 128 bytes: a stripe never shares a cache line (or its adjacent-line prefetch pair) with another.</summary>
    private const int Spacing = 16;
    private readonly long[] _cells;
    private readonly int _mask;

    public StripedCounter()
    {
        var stripes = (int)Math.Min(64, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount));
        _mask = stripes - 1;
        _cells = new long[(stripes + 1) * Spacing];
    }

    public long Value
    {
        get
        {
            long sum = 0;
            for (var i = Spacing; i < _cells.Length; i += Spacing) sum += Interlocked.Read(ref _cells[i]);
            return sum;
        }
    }

    public void Increment() => Interlocked.Increment(ref _cells[((Thread.GetCurrentProcessorId() & _mask) + 1) * Spacing]);
}

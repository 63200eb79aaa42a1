namespace DaprPredictor.Pipeline.Monitoring;

/// <summary>
/// One thread's predictions not yet handed to live grading's grader, under a lock of its own that only its thread and a
/// hand-over take (so a consumer's prediction costs a lock no other core is holding, not the grader's).
/// </summary>
public sealed class PredictionBuffer(int capacity)
{
    private readonly PendingPrediction[] _pending = new PendingPrediction[capacity];
    private int _count;

    public Lock Gate { get; } = new();

    public int Count => Volatile.Read(ref _count);

    public ReadOnlySpan<PendingPrediction> Pending => _pending.AsSpan(0, _count);

    /// <summary>Adds one; true when full (hand it over now).</summary>
    public bool Add(PendingPrediction prediction)
    {
        _pending[_count] = prediction;
        Volatile.Write(ref _count, _count + 1);
        return _count == _pending.Length;
    }

    public void Clear()
    {
        Array.Clear(_pending, 0, _count);
        Volatile.Write(ref _count, 0);
    }
}

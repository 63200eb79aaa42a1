namespace DaprPredictor.Embedded;

/// <summary>
/// Bounds a queue with hysteresis: writers pass until <c>high</c> items are queued, then wait until consumers bring it
/// down to <c>low</c>. A plain bounded channel wakes a waiting writer for every item read, a thread-pool hop per event;
/// this wakes it once per <c>high − low</c> items. The queue never holds more than <c>high</c> plus one item per concurrent writer.
/// </summary>
public sealed class Backpressure(int high, int low)
{
    private readonly Lock _gate = new();
    private int _count;
    private TaskCompletionSource? _closed;

    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Enters if fewer than <c>high</c> items are queued, whether or not waiting writers have been told to wait for
    /// <c>low</c> (the hysteresis spares wake-ups to writers that wait; a caller that does not wait needs none); false,
    /// without entering, if full.
    /// </summary>
    public bool TryEnter()
    {
        if (Volatile.Read(ref _count) >= high) return false;
        Close(Interlocked.Increment(ref _count));
        return true;
    }

    public ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _closed) is { } closed) return WaitAsync(closed.Task, cancellationToken);
        Close(Interlocked.Increment(ref _count));
        return ValueTask.CompletedTask;
    }

    public void Exit()
    {
        if (Interlocked.Decrement(ref _count) > low || Volatile.Read(ref _closed) is null) return;
        lock (_gate)
        {
            if (_count <= low && _closed is { } closed)
            {
                _closed = null;
                closed.TrySetResult();
            }
        }
    }

    private void Close(int count)
    {
        if (count < high) return;
        lock (_gate)
        {
            if (_count >= high) _closed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private async ValueTask WaitAsync(Task closed, CancellationToken cancellationToken)
    {
        await closed.WaitAsync(cancellationToken);
        await EnterAsync(cancellationToken);
    }
}

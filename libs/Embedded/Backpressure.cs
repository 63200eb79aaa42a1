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

    /// <summary>False from the moment <c>high</c> items are queued until they are down to <c>low</c>.</summary>
    public bool IsOpen => Volatile.Read(ref _closed) is null;

    /// <summary>Enters if open (as <see cref="EnterAsync"/> would without waiting); false, without entering, if closed.</summary>
    public bool TryEnter()
    {
        if (!IsOpen) return false;
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

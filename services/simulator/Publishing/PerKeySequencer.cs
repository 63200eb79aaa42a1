namespace DaprPredictor.Simulator.Publishing;

/// <summary>
/// Runs work for many keys at once but one at a time, in submission order, within a key: concurrent publishes are not
/// delivered in order, so each user's next event is published only after the previous one was acknowledged.
/// At most <c>maxPending</c> items are queued or running; <see cref="EnqueueAsync"/> waits for room (backpressure).
/// One producer enqueues; after the first failure nothing more is started and <see cref="CompleteAsync"/> throws it.
/// </summary>
public sealed class PerKeySequencer<T> : IAsyncDisposable
{
    private readonly Func<T, CancellationToken, Task> _work;
    private readonly int _maxPending;
    private readonly SemaphoreSlim _room;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private Exception? _failure;

    public PerKeySequencer(Func<T, CancellationToken, Task> work, int maxPending)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPending, 1);
        _work = work;
        _maxPending = maxPending;
        _room = new SemaphoreSlim(maxPending, maxPending);
    }

    /// <summary>Items queued or running now.</summary>
    public int Pending => _maxPending - _room.CurrentCount;

    public Exception? Failure
    {
        get
        {
            lock (_gate) return _failure;
        }
    }

    public async Task EnqueueAsync(string key, T item, CancellationToken cancellationToken)
    {
        await _room.WaitAsync(cancellationToken);
        lock (_gate)
        {
            if (!_lanes.TryGetValue(key, out var lane)) _lanes[key] = lane = new Lane();
            lane.Queued++;
            lane.Tail = RunAfterAsync(lane.Tail, key, lane, item);
        }
    }

    /// <summary>Waits for everything enqueued; throws the first failure, if any.</summary>
    public async Task CompleteAsync()
    {
        Task[] tails;
        lock (_gate) tails = [.. _lanes.Values.Select(lane => lane.Tail)];
        await Task.WhenAll(tails);
        if (Failure is { } failure) throw new SequencerFailedException(failure);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task[] tails;
        lock (_gate) tails = [.. _lanes.Values.Select(lane => lane.Tail)];
        await Task.WhenAll(tails);
        _stop.Dispose();
        _room.Dispose();
    }

    private async Task RunAfterAsync(Task previous, string key, Lane lane, T item)
    {
        try
        {
            await previous;
            if (_stop.IsCancellationRequested) return;
            await _work(item, _stop.Token);
        }
        catch (Exception ex)
        {
            lock (_gate) _failure ??= ex;
            await _stop.CancelAsync();
        }
        finally
        {
            lock (_gate)
            {
                // The lane goes when its last item is done; a later item for the key starts a new one.
                if (--lane.Queued == 0 && _lanes.TryGetValue(key, out var current) && ReferenceEquals(current, lane)) _lanes.Remove(key);
            }

            _room.Release();
        }
    }

    private sealed class Lane
    {
        public Task Tail { get; set; } = Task.CompletedTask;

        public int Queued { get; set; }
    }
}

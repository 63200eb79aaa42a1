using System.Text.Json.Serialization.Metadata;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Pipeline.Seams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace DaprPredictor.Embedded;

/// <summary>
/// The embedded broker. <c>page-views</c> goes through partitions (by user, like Kafka), each a queue bounded by
/// <see cref="Backpressure"/> and drained in order by one consumer that runs the pipeline and redelivers on transient
/// failures (as Dapr does on RETRY). The pipeline's own publishes (predictions, dead letters) are handed to their
/// in-process subscribers synchronously: no queue at all, and a slow subscriber slows the publisher (backpressure).
/// During a replay the broker also knows the oldest event not yet settled: the low watermark.
/// A replay hands the broker its whole feed (<see cref="FeedAsync"/>) instead of pushing message by message: a consumer
/// whose queue runs dry reads the next stretch of the feed itself and queues it on every partition, so that two
/// partitions on two cores are two busy threads, not three (a feeder and two consumers) waking each other up.
/// </summary>
public sealed class EmbeddedBroker : IMessagePublisher, IHostedService, IAsyncDisposable
{
    private readonly EmbeddedBrokerOptions _options;
    private readonly LatencyHistogram _latency;
    private readonly EventTimeClock _clock;
    private readonly Lazy<PageViewProcessor> _processor;
    private readonly Partition[] _partitions;
    private readonly Dictionary<string, Func<object, ValueTask>[]> _subscribers;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _consumers = [];
    private readonly ResiliencePipeline _redelivery;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(10);

    /// <summary>A consumer reports its settled messages to <see cref="InFlight"/> at least this often (one interlocked add, not one per message).</summary>
    private const int SettleBatch = 32;
    private long _heldTicks = long.MaxValue;

    /// <summary>How long a dry consumer spins for another partition's room (<see cref="SpinWait"/> iterations: tens of microseconds).</summary>
    private const int RoomSpins = 40;
    private long _inFlight;
    private TaskCompletionSource? _idle;
    private int _disposed;
    private long _lastFedTicks = long.MinValue;

    /// <summary>A feed's reading is serialized: whichever consumer reads it queues what it reads in feed order.</summary>
    private readonly Lock _feedGate = new();
    private Feed? _feed;

    /// <summary>The partition whose full queue the feed waits for (its next message is held), or null.</summary>
    private Partition? _stalledOn;

    public EmbeddedBroker(IOptions<EmbeddedBrokerOptions> options, IServiceProvider services, EventTimeClock clock, IEnumerable<EmbeddedSubscription> subscriptions, LatencyHistogram latency)
    {
        _options = options.Value;
        _clock = clock;
        _latency = latency;
        _processor = new(services.GetRequiredService<PageViewProcessor>);
        _redelivery = Redelivery(_options.MaxAttempts);
        _partitions = Enumerable.Range(0, _options.Partitions).Select(_ => new Partition(_options.Capacity, latency.AddWriter())).ToArray();
        _subscribers = subscriptions.GroupBy(s => s.Topic, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(s => s.Deliver).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// Bytes allocated by the pipeline on the consumers, from taking a message to settling it (what the feeder allocates
    /// to produce messages is not in it). Exact while deliveries complete on the thread that took them, as they do in
    /// process; a delivery that resumes elsewhere (a retry's backoff) is not counted.
    /// </summary>
    public long AllocatedBytes => _partitions.Sum(p => Volatile.Read(ref p.AllocatedBytes));

    /// <summary>
    /// Told of every page view once it is settled, with its fate (a replay grades its predictions against the ground
    /// truth it attached as the message's context). Called on the consumer, in the partition's order: keep it short.
    /// </summary>
    public Action<PageViewMessage, ProcessingResult>? Settled { get; set; }

    /// <summary>Page views queued or being processed (a consumer reports what it settled when its queue runs dry, or every <see cref="SettleBatch"/>).</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>
    /// The oldest event queued or being processed, or the feed's newest: each partition's in-flight event and queue head.
    /// A replay feeds in event-time order, so this is exact except for redeliveries and stragglers queued behind newer
    /// events; <see cref="SweepHorizon"/> allows for those.
    /// </summary>
    public DateTimeOffset LowWatermark
    {
        get
        {
            var ticks = Math.Min(Interlocked.Read(ref _lastFedTicks), Volatile.Read(ref _heldTicks));
            foreach (var partition in _partitions) ticks = Math.Min(ticks, partition.OldestTicks());

            return ticks == long.MinValue ? DateTimeOffset.MinValue : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Before this, state that expired may be swept: the low watermark less the lateness allowed to stragglers.</summary>
    public DateTimeOffset SweepHorizon
    {
        get
        {
            var watermark = LowWatermark;
            return watermark == DateTimeOffset.MinValue || watermark - DateTimeOffset.MinValue < _options.MaxLateness ? DateTimeOffset.MinValue : watermark - _options.MaxLateness;
        }
    }

    /// <summary>Queues a page view on its user's partition; waits while the partition is full.</summary>
    public async ValueTask EnqueueAsync(PageViewMessage message, CancellationToken cancellationToken)
    {
        if (message.EventTime is { } at) InterlockedMax(ref _lastFedTicks, at.UtcTicks);
        var partition = _partitions[PartitionOf(message.PartitionKey)];
        await partition.Backpressure.EnterAsync(cancellationToken);
        Interlocked.Increment(ref _inFlight);
        partition.Write(message);
    }

    /// <summary>
    /// Hands the broker a feed to read as its consumers need it (a replay, as fast as backpressure allows). Each message
    /// is queued on its user's partition in feed order; when a partition is full the feed waits for it (its next message
    /// is held, and counted by the low watermark) while the other partitions drain. The feed's enumerator runs on the
    /// consumers, one at a time, outside any event (its side effects see the low watermark as the time). Completes when
    /// the feed is read to its end and every message queued, not settled: then <see cref="WhenIdleAsync"/>.
    /// </summary>
    public Task FeedAsync(IEnumerable<PageViewMessage> messages, CancellationToken cancellationToken)
    {
        var feed = new Feed(messages.GetEnumerator(), cancellationToken);
        lock (_feedGate)
        {
            if (_feed is not null) throw new InvalidOperationException("A feed is already being read.");
            _feed = feed;
        }

        foreach (var partition in _partitions) partition.Wake();
        return feed.Completion.Task;
    }

    /// <remarks>A topic nobody subscribes to in process is like a broker topic without subscribers: the message goes nowhere.</remarks>
    public Task PublishAsync<T>(string topic, T message, JsonTypeInfo<T> type, string partitionKey, CancellationToken cancellationToken)
    {
        if (!_subscribers.TryGetValue(topic, out var subscribers)) return Task.CompletedTask;
        if (subscribers is [var only]) return only(message!).AsTask();
        return DeliverToAllAsync(subscribers, message!);
    }

    private static async Task DeliverToAllAsync(Func<object, ValueTask>[] subscribers, object message)
    {
        foreach (var deliver in subscribers) await deliver(message);
    }

    /// <summary>Completes when everything queued so far has been delivered and settled; woken by the last settle, not polled.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        if (InFlight == 0) return Task.CompletedTask;
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = Interlocked.CompareExchange(ref _idle, idle, null) ?? idle;

        // Settle() reads _idle after its decrement and this reads InFlight after the exchange (both full fences), so at
        // least one of the two sees the other: a settle that raced ahead is caught here.
        if (InFlight == 0) SignalIdle();
        return waiting.Task.WaitAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var partition in _partitions) _consumers.Add(Task.Run(() => ConsumePageViewsAsync(partition, _stopping.Token), CancellationToken.None));
        return Task.CompletedTask;
    }

    /// <remarks>The host may be stopped after it was disposed (WebApplicationFactory stops what RunAsync already disposed).</remarks>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 1) return;
        Close("stopped");
        await Task.WhenAny(Task.WhenAll(_consumers), Task.Delay(Timeout.Infinite, cancellationToken));
        await _stopping.CancelAsync();
    }

    /// <summary>
    /// Idempotent and safe alongside <see cref="StopAsync"/>: the container disposes this instance once per registration,
    /// and a factory may stop a host that RunAsync is disposing. The token source has no timer, so it is cancelled, not disposed.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Close("was disposed");
        await _stopping.CancelAsync();
    }

    private async Task ConsumePageViewsAsync(Partition partition, CancellationToken cancellationToken)
    {
        var eventTime = EventTimeClock.Enter();
        var settled = 0;
        while (true)
        {
            if (!partition.TryTake(out var message))
            {
                // Dry: report what was settled (WhenIdleAsync may be waiting for it), read on in the feed, else wait.
                if (settled > 0) Settle(ref settled);
                if (Volatile.Read(ref _feed) is not null && (Pull(partition) || AwaitRoom(partition))) continue;
                if (await partition.WaitAsync()) continue;
                return;
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var thread = Environment.CurrentManagedThreadId;
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            eventTime.Time = _clock.Replaying ? message.EventTime : null;
            ProcessingResult result;
            try
            {
                result = await DeliverAsync(message, cancellationToken);
            }
            finally
            {
                eventTime.Time = null;
            }

            Settled?.Invoke(message, result);

            if (thread == Environment.CurrentManagedThreadId) Volatile.Write(ref partition.AllocatedBytes, partition.AllocatedBytes + GC.GetAllocatedBytesForCurrentThread() - allocated);
            _latency.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started), partition.LatencyWriter);
            partition.Settled();
            if (++settled == SettleBatch) Settle(ref settled);

            // The feed waits for this partition's room: read on as soon as there is some, before the others run dry.
            if (Volatile.Read(ref _stalledOn) == partition) Pull(partition);
        }
    }

    /// <summary>
    /// Reads the feed for <paramref name="reader"/>, whose queue ran dry (or whose room the feed waited for): queues the
    /// messages on their partitions, waking their consumers, until the reader has half a queue's work, a partition is
    /// full (its message is held until it has room), or the feed ends. True if anything was queued.
    /// </summary>
    private bool Pull(Partition reader)
    {
        lock (_feedGate)
        {
            if (_feed is not { } feed) return false;
            var queued = 0;
            try
            {
                while (queued < ReadAtMost)
                {
                    if (feed.Token.IsCancellationRequested)
                    {
                        EndFeed(new OperationCanceledException(feed.Token));
                        break;
                    }

                    if (feed.Held is not { } message)
                    {
                        if (!feed.Messages.MoveNext())
                        {
                            EndFeed(null);
                            break;
                        }

                        message = feed.Messages.Current;
                        if (message.EventTime is { } at) InterlockedMax(ref _lastFedTicks, at.UtcTicks);
                    }

                    var partition = _partitions[PartitionOf(message.PartitionKey)];
                    if (!partition.Backpressure.TryEnter())
                    {
                        feed.Held = message;
                        Volatile.Write(ref _heldTicks, message.EventTime?.UtcTicks ?? long.MaxValue);
                        Volatile.Write(ref _stalledOn, partition);
                        break;
                    }

                    Interlocked.Increment(ref _inFlight);
                    partition.Write(message);
                    queued++;
                    if (feed.Held is not null)
                    {
                        // The reader made room for the message held for it: read on for the others, who may be asleep.
                        feed.Held = null;
                        NothingHeld();
                        continue;
                    }

                    if (partition == reader && partition.Backpressure.Count >= ReadAhead) break;
                }
            }
            catch (Exception ex)
            {
                EndFeed(ex);
            }

            return queued > 0;
        }
    }

    /// <summary>
    /// A dry consumer whose feed waits for another partition's room: that partition's consumer reads on as soon as it
    /// settles its next message (a few microseconds), so spin briefly for it rather than go to sleep and be woken through
    /// the thread pool. True if there is something to do again.
    /// </summary>
    private bool AwaitRoom(Partition partition)
    {
        var spinner = default(SpinWait);
        for (var i = 0; i < RoomSpins; i++)
        {
            if (partition.HasQueued || Volatile.Read(ref _stalledOn) is null) return true;
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        return partition.HasQueued;
    }

    /// <summary>Under the feed's lock: the feed is over (read to its end, failed, or cancelled).</summary>
    private void EndFeed(Exception? error)
    {
        if (_feed is not { } feed) return;
        _feed = null;
        NothingHeld();
        feed.Messages.Dispose();
        if (error is OperationCanceledException cancelled) feed.Completion.TrySetCanceled(cancelled.CancellationToken);
        else if (error is not null) feed.Completion.TrySetException(error);
        else feed.Completion.TrySetResult();
    }

    /// <summary>No message waits for a partition's room: the watermark no longer counts one, no consumer reads on for one.</summary>
    private void NothingHeld()
    {
        Volatile.Write(ref _stalledOn, null);
        Volatile.Write(ref _heldTicks, long.MaxValue);
    }

    /// <summary>Ends an unread feed and lets every consumer finish: the broker <paramref name="what"/> (stopped, was disposed).</summary>
    private void Close(string what)
    {
        lock (_feedGate) EndFeed(new OperationCanceledException($"The broker {what} before the feed was read."));
        foreach (var partition in _partitions) partition.Complete();
    }

    private void Settle(ref int settled)
    {
        if (Interlocked.Add(ref _inFlight, -settled) == 0 && Volatile.Read(ref _idle) is not null) SignalIdle();
        settled = 0;
    }

    private void SignalIdle()
    {
        if (InFlight == 0) Interlocked.Exchange(ref _idle, null)?.TrySetResult();
    }

    /// <summary>
    /// Delivers until the pipeline settles the message: a transient failure is redelivered with backoff, as a broker does
    /// on RETRY, until <see cref="EmbeddedBrokerOptions.MaxAttempts"/> deliveries are spent; then it is dead-lettered as
    /// retries-exhausted. The first delivery is made directly: the retry pipeline is entered only after a failure.
    /// </summary>
    private async ValueTask<ProcessingResult> DeliverAsync(PageViewMessage message, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                return await ProcessAsync(message, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && _options.MaxAttempts > 1)
            {
                // The first redelivery's backoff, then the pipeline of the remaining ones (whose backoff starts where this left off).
                await Task.Delay(FirstBackoff, TimeProvider.System, cancellationToken);
            }

            return await _redelivery.ExecuteAsync(static (state, token) => state.Broker.ProcessAsync(state.Message, token), (Broker: this, Message: message), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return await DeadLetterAsync(message, ex, cancellationToken);
        }
    }

    private ValueTask<ProcessingResult> ProcessAsync(PageViewMessage message, CancellationToken cancellationToken)
    {
        var processor = _processor.Value;
        return message.Event is { } e
            ? processor.ProcessAsync(e, Delivery.Message, cancellationToken)
            : processor.ProcessAsync(message.Json, Delivery.Message, cancellationToken);
    }

    private ValueTask<ProcessingResult> DeadLetterAsync(PageViewMessage message, Exception last, CancellationToken cancellationToken)
    {
        var payload = message.Event is { } e ? PageViewJson.Serialize(e) : System.Text.Encoding.UTF8.GetString(message.Json.Span);
        return _processor.Value.RejectPayloadAsync(
            new Rejection(RejectReason.RetriesExhausted, $"{_options.MaxAttempts} deliveries failed; the last with {last.GetType().Name}: {last.Message}"),
            payload, Delivery.Message, cancellationToken);
    }

    /// <summary>
    /// The redeliveries after the first failure and <see cref="FirstBackoff"/>: backoff 20, 40 … ms between them, so that
    /// with the first the waits are 10, 20, 40 … ms, on the wall clock (a replay's event time does not pass while it waits).
    /// </summary>
    private static ResiliencePipeline Redelivery(int maxAttempts) => maxAttempts <= 2
        ? ResiliencePipeline.Empty
        : new ResiliencePipelineBuilder { TimeProvider = TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
                MaxRetryAttempts = maxAttempts - 2,
                BackoffType = DelayBackoffType.Exponential,
                Delay = FirstBackoff * 2,
                UseJitter = false,
            })
            .Build();

    private int PartitionOf(string key) => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_partitions.Length);

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return;
            current = seen;
        }
    }

    /// <summary>Messages a feed reader queues for itself before it turns back to processing.</summary>
    private int ReadAhead => Math.Max(1, _options.Capacity / 2);

    /// <summary>Messages one read of the feed queues at most, so that the reader's own partition is not kept waiting long.</summary>
    private int ReadAtMost => Math.Max(16, _options.Capacity * _partitions.Length);

    /// <summary>A feed being read: its enumerator, and the message held back while its partition is full.</summary>
    private sealed class Feed(IEnumerator<PageViewMessage> messages, CancellationToken token)
    {
        public IEnumerator<PageViewMessage> Messages { get; } = messages;

        public CancellationToken Token { get; } = token;

        public PageViewMessage? Held { get; set; }

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// A queue under a lock (so the watermark reads its head and the message being processed together), whose size
    /// <see cref="Backpressure"/> bounds, drained in order by one consumer that waits on a signal when it is empty.
    /// </summary>
    private sealed class Partition(int capacity, int latencyWriter)
    {
        private readonly Lock _gate = new();
        private readonly Queue<PageViewMessage> _queue = new();
        private int _queued;
        private TaskCompletionSource<bool>? _waiting;
        private bool _completed;
        private long _oldestPendingTicks = long.MaxValue;

        /// <summary>Written by the partition's one consumer only, so no interlocked add per event (a cache line the consumers would share).</summary>
        public long AllocatedBytes;

        public int LatencyWriter { get; } = latencyWriter;

        public Backpressure Backpressure { get; } = new(capacity, capacity / 2);

        public bool HasQueued => Volatile.Read(ref _queued) > 0;

        public void Write(PageViewMessage message)
        {
            TaskCompletionSource<bool>? waiting;
            lock (_gate)
            {
                _queue.Enqueue(message);
                Volatile.Write(ref _queued, _queue.Count);
                (waiting, _waiting) = (_waiting, null);
            }

            waiting?.TrySetResult(true);
        }

        /// <summary>Takes the head; from then until <see cref="Settled"/> its time holds the watermark back in its place.</summary>
        public bool TryTake(out PageViewMessage message)
        {
            lock (_gate)
            {
                if (!_queue.TryDequeue(out message!)) return false;
                Volatile.Write(ref _queued, _queue.Count);
                _oldestPendingTicks = message.EventTime?.UtcTicks ?? long.MaxValue;
                return true;
            }
        }

        public void Settled()
        {
            Volatile.Write(ref _oldestPendingTicks, long.MaxValue);
            Backpressure.Exit();
        }

        /// <summary>The message being processed and the queue's head, read together.</summary>
        public long OldestTicks()
        {
            lock (_gate)
            {
                var ticks = _oldestPendingTicks;
                return _queue.TryPeek(out var head) && head.EventTime is { } at ? Math.Min(ticks, at.UtcTicks) : ticks;
            }
        }

        /// <summary>Waits until a message is queued or <see cref="Wake"/> is called (true), or the partition is completed and empty (false).</summary>
        public ValueTask<bool> WaitAsync()
        {
            lock (_gate)
            {
                if (_queue.Count > 0) return ValueTask.FromResult(true);
                if (_completed) return ValueTask.FromResult(false);
                _waiting ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                return new ValueTask<bool>(_waiting.Task);
            }
        }

        public void Wake()
        {
            TaskCompletionSource<bool>? waiting;
            lock (_gate) (waiting, _waiting) = (_waiting, null);
            waiting?.TrySetResult(true);
        }

        public void Complete()
        {
            TaskCompletionSource<bool>? waiting;
            lock (_gate)
            {
                _completed = true;
                (waiting, _waiting) = (_waiting, null);
            }

            waiting?.TrySetResult(true);
        }
    }
}

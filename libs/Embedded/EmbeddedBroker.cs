using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
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
    private long _inFlight;
    private TaskCompletionSource? _idle;
    private int _disposed;
    private long _lastFedTicks = long.MinValue;

    public EmbeddedBroker(IOptions<EmbeddedBrokerOptions> options, IServiceProvider services, EventTimeClock clock, IEnumerable<EmbeddedSubscription> subscriptions, LatencyHistogram latency)
    {
        _options = options.Value;
        _clock = clock;
        _latency = latency;
        _processor = new(services.GetRequiredService<PageViewProcessor>);
        _redelivery = Redelivery(_options.MaxAttempts);
        _partitions = Enumerable.Range(0, _options.Partitions).Select(_ => new Partition(_options.Capacity)).ToArray();
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

    /// <summary>Page views queued or being processed.</summary>
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
            var ticks = Interlocked.Read(ref _lastFedTicks);
            foreach (var partition in _partitions)
            {
                ticks = Math.Min(ticks, partition.OldestPendingTicks);
                if (partition.Channel.Reader.TryPeek(out var head) && head.EventTime is { } at) ticks = Math.Min(ticks, at.UtcTicks);
            }

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
        partition.Channel.Writer.TryWrite(message);
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

        // OneSettled() reads _idle after its decrement and this reads InFlight after the exchange (both full fences), so at
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
        foreach (var partition in _partitions) partition.Channel.Writer.TryComplete();
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
        await _stopping.CancelAsync();
    }

    private async Task ConsumePageViewsAsync(Partition partition, CancellationToken cancellationToken)
    {
        var reader = partition.Channel.Reader;
        var eventTime = EventTimeClock.Enter();
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            // Peek before taking, so the message is never invisible to the watermark.
            while (reader.TryPeek(out var message))
            {
                partition.OldestPendingTicks = message.EventTime?.UtcTicks ?? long.MaxValue;
                reader.TryRead(out _);
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
                _latency.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started));
                partition.OldestPendingTicks = long.MaxValue;
                partition.Backpressure.Exit();
                OneSettled();
            }
        }
    }

    private void OneSettled()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _idle) is not null) SignalIdle();
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

    /// <summary>An unbounded channel (its reader locks, so the watermark may peek) whose size <see cref="Backpressure"/> bounds.</summary>
    private sealed class Partition(int capacity)
    {
        private long _oldestPendingTicks = long.MaxValue;

        /// <summary>Written by the partition's one consumer only, so no interlocked add per event (a cache line the consumers would share).</summary>
        public long AllocatedBytes;

        public Channel<PageViewMessage> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<PageViewMessage>(new UnboundedChannelOptions { SingleReader = false });

        public Backpressure Backpressure { get; } = new(capacity, capacity / 2);

        public long OldestPendingTicks
        {
            get => Interlocked.Read(ref _oldestPendingTicks);
            set => Interlocked.Exchange(ref _oldestPendingTicks, value);
        }
    }
}

using System.Threading.Channels;

namespace DaprPredictor.FakeDaprd.PubSub;

/// <summary>
/// One app's consumer group on one topic, as the Kafka component runs it (components-contrib
/// common/component/kafka/consumer.go ConsumeClaim, v1.14–1.18 alike for what is reproduced here): a loop per partition
/// hands the partition's messages to daprd one at a time, in offset order; when daprd hands one back (an error), the
/// component waits its <c>backOffDuration</c> and tries the same message again, forever, holding up the partition. With
/// bulk subscribe the loop collects a batch of up to <c>maxMessagesCount</c> messages and hands it over when it is full
/// or when the <c>maxAwaitDurationMs</c> ticker fires (the ticker restarts after a full batch); a failed batch is tried
/// again whole, entries already acknowledged included.
/// </summary>
internal sealed class ConsumerGroup : IAsyncDisposable
{
    private readonly Channel<BrokerRecord>[] _partitions;
    private readonly IBrokerConsumer _consumer;
    private readonly BulkSubscribeOptions? _bulk;
    private readonly TimeSpan _retryInterval;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;
    private long _appended, _done, _componentRetries;

    public ConsumerGroup(string pubsub, string topic, string groupId, int partitions, IBrokerConsumer consumer, BulkSubscribeOptions? bulk, TimeSpan retryInterval, TimeProvider clock)
    {
        (PubSub, Topic, GroupId, _consumer, _bulk, _retryInterval, _clock) = (pubsub, topic, groupId, consumer, bulk, retryInterval, clock);
        _partitions = [.. Enumerable.Range(0, partitions).Select(_ => Channel.CreateUnbounded<BrokerRecord>(new UnboundedChannelOptions { SingleReader = true }))];
        _loops = [.. _partitions.Select(p => Task.Run(() => bulk is null ? ConsumeAsync(p.Reader) : ConsumeBatchesAsync(p.Reader, bulk)))];
    }

    public string PubSub { get; }

    public string Topic { get; }

    public string GroupId { get; }

    /// <summary>Messages appended and not yet done with.</summary>
    public long Backlog => Interlocked.Read(ref _appended) - Interlocked.Read(ref _done);

    /// <summary>Times the component retried a message (or a batch) daprd handed back.</summary>
    public long ComponentRetries => Interlocked.Read(ref _componentRetries);

    public void Append(BrokerRecord record)
    {
        Interlocked.Increment(ref _appended);
        _partitions[record.Partition].Writer.TryWrite(record);
    }

    /// <summary>Stops the partition loops; a message being delivered or waiting for a retry stays unacknowledged, as on a rebalance.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var partition in _partitions) partition.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_loops);
        }
        catch (OperationCanceledException)
        {
            // stopped mid-delivery or mid-backoff
        }

        _stop.Dispose();
    }

    private async Task ConsumeAsync(ChannelReader<BrokerRecord> partition)
    {
        var token = _stop.Token;
        await foreach (var record in partition.ReadAllAsync(token))
        {
            while (!await _consumer.ConsumeAsync(record, token))
            {
                Interlocked.Increment(ref _componentRetries);
                await Task.Delay(_retryInterval, _clock, token);
            }

            Interlocked.Increment(ref _done);
        }
    }

    private async Task ConsumeBatchesAsync(ChannelReader<BrokerRecord> partition, BulkSubscribeOptions bulk)
    {
        var token = _stop.Token;
        var batch = new List<BrokerRecord>(bulk.MessagesPerBatch);
        var tick = _clock.GetUtcNow() + bulk.AwaitDuration;
        Task<bool>? waiting = null;
        while (!token.IsCancellationRequested)
        {
            while (batch.Count < bulk.MessagesPerBatch && partition.TryRead(out var record)) batch.Add(record);
            if (batch.Count >= bulk.MessagesPerBatch)
            {
                await FlushAsync(batch, token);
                tick = _clock.GetUtcNow() + bulk.AwaitDuration; // ticker.Reset after a full batch
                continue;
            }

            var now = _clock.GetUtcNow();
            if (now >= tick)
            {
                await FlushAsync(batch, token);
                tick = now + bulk.AwaitDuration;
                continue;
            }

            waiting ??= partition.WaitToReadAsync(token).AsTask();
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(token);
            var delay = Task.Delay(tick - now, _clock, timer.Token);
            if (await Task.WhenAny(waiting, delay) == waiting)
            {
                await timer.CancelAsync();
                if (!await waiting) break; // completed: the group stopped
                waiting = null;
            }
        }
    }

    private async Task FlushAsync(List<BrokerRecord> batch, CancellationToken token)
    {
        if (batch.Count == 0) return;
        while (!await _consumer.ConsumeBatchAsync(batch, token))
        {
            Interlocked.Increment(ref _componentRetries);
            await Task.Delay(_retryInterval, _clock, token);
        }

        Interlocked.Add(ref _done, batch.Count);
        batch.Clear();
    }
}

using System.Collections.Concurrent;

namespace DaprPredictor.FakeDaprd.PubSub;

/// <summary>
/// An in-memory broker with Kafka's delivery model, shared by the sidecars that publish to and subscribe through it
/// (in a deployment every daprd talks to the same Kafka). A topic has <see cref="BrokerOptions.Partitions"/>
/// partitions; a message goes to the partition of its key (the publish metadata <c>partitionKey</c>, as the Kafka
/// component makes it the record key: common/component/kafka/producer.go), hashed as sarama's default hash partitioner
/// does (FNV-1a); a message without a key goes to a random partition. Each subscribing app is a consumer group that
/// gets every message published after it joined (the components use <c>initialOffset: oldest</c>; subscribe before
/// publishing), one partition's messages one at a time and in order, the partitions at once.
/// </summary>
public sealed class Broker
{
    private readonly ConcurrentDictionary<(string PubSub, string Topic), BrokerTopic> _topics = new();

    public Broker(BrokerOptions? options = null, TimeProvider? clock = null)
    {
        Options = options ?? new BrokerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Partitions, 1);
        Clock = clock ?? TimeProvider.System;
    }

    public BrokerOptions Options { get; }

    public TimeProvider Clock { get; }

    /// <summary>Messages published so far, by "pubsub/topic".</summary>
    public IReadOnlyDictionary<string, long> Published =>
        _topics.ToDictionary(t => $"{t.Key.PubSub}/{t.Key.Topic}", t => t.Value.Published, StringComparer.Ordinal);

    /// <summary>Messages in the consumer groups' queues or being delivered, over all groups and topics.</summary>
    public long Backlog => _topics.Values.Sum(t => t.Groups.Sum(g => g.Backlog));

    internal void Publish(string pubsub, string topic, byte[] data, IReadOnlyDictionary<string, string> headers) =>
        Topic(pubsub, topic).Publish(data, headers);

    internal ConsumerGroup Join(string pubsub, string topic, string groupId, IBrokerConsumer consumer, BulkSubscribeOptions? bulk) =>
        Topic(pubsub, topic).Join(groupId, consumer, bulk);

    internal void Leave(ConsumerGroup group) => Topic(group.PubSub, group.Topic).Leave(group);

    private BrokerTopic Topic(string pubsub, string topic) => _topics.GetOrAdd((pubsub, topic), key => new BrokerTopic(this, key.PubSub, key.Topic));

    /// <summary>sarama NewHashPartitioner: FNV-1a (32 bit) of the key, as a signed int modulo the partition count, made non-negative.</summary>
    internal static int PartitionOf(string key, int partitions)
    {
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(key))
        {
            hash ^= b;
            hash *= 16777619u;
        }

        var partition = (int)hash % partitions;
        return partition < 0 ? -partition : partition;
    }

    private sealed class BrokerTopic(Broker broker, string pubsub, string topic)
    {
        private readonly long[] _nextOffset = new long[broker.Options.Partitions];
        private readonly Lock[] _partitionLocks = [.. Enumerable.Range(0, broker.Options.Partitions).Select(_ => new Lock())];
        private readonly Lock _groupsGate = new();
        private long _published;

        public ConsumerGroup[] Groups { get; private set; } = [];

        public long Published => Interlocked.Read(ref _published);

        public void Publish(byte[] data, IReadOnlyDictionary<string, string> headers)
        {
            // producer.go: both partitionKey and __key set the record key.
            var key = headers.TryGetValue("partitionKey", out var k) ? k : headers.TryGetValue("__key", out var raw) ? raw : null;
            var partition = key is null ? Random.Shared.Next(_nextOffset.Length) : PartitionOf(key, _nextOffset.Length);
            var now = broker.Clock.GetUtcNow();
            Interlocked.Increment(ref _published);
            // One lock per partition: offsets, and the order every group sees, follow the order of the appends.
            lock (_partitionLocks[partition])
            {
                var record = new BrokerRecord(pubsub, topic, partition, _nextOffset[partition]++, key, data, headers, now);
                foreach (var group in Groups) group.Append(record);
            }
        }

        public ConsumerGroup Join(string groupId, IBrokerConsumer consumer, BulkSubscribeOptions? bulk)
        {
            var group = new ConsumerGroup(pubsub, topic, groupId, _nextOffset.Length, consumer, bulk, broker.Options.ConsumeRetryInterval, broker.Clock);
            lock (_groupsGate)
            {
                if (Groups.Any(g => g.GroupId == groupId)) throw new InvalidOperationException($"'{groupId}' already subscribes to {pubsub}/{topic}.");
                Groups = [.. Groups, group];
            }

            return group;
        }

        public void Leave(ConsumerGroup group)
        {
            lock (_groupsGate) Groups = [.. Groups.Where(g => !ReferenceEquals(g, group))];
        }
    }
}

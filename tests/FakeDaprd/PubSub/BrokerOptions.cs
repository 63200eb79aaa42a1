namespace DaprPredictor.FakeDaprd.PubSub;

/// <summary>The Kafka topics and consumer behaviour the fake broker reproduces (components/kafka/pubsub.yaml, k8s/dev-infra/kafka.yaml).</summary>
public sealed record BrokerOptions
{
    /// <summary>
    /// Partitions per topic (KAFKA_NUM_PARTITIONS in k8s/dev-infra/kafka.yaml): one consumer group delivers one
    /// partition's messages one at a time, in order, and different partitions at once, so this is the delivery
    /// concurrency per subscription.
    /// </summary>
    public int Partitions { get; init; } = 6;

    /// <summary>
    /// The component's consume retry when daprd hands a message back (it could not dead-letter it, or the subscription
    /// has no dead-letter topic): the Kafka component's <c>backOffDuration</c> with <c>backOffMaxRetries: -1</c>, so
    /// the message is tried again at this interval for as long as the consumer runs and blocks its partition meanwhile
    /// (components-contrib common/component/kafka/consumer.go ConsumeClaim, consumeRetryEnabled).
    /// </summary>
    public TimeSpan ConsumeRetryInterval { get; init; } = TimeSpan.FromSeconds(5);
}

namespace DaprPredictor.FakeDaprd.PubSub;

/// <summary>
/// <c>bulkSubscribe</c> of a subscription with <c>enabled: true</c>. A value the app leaves at 0 takes the Kafka
/// component's default (components-contrib common/component/kafka/utils.go: 80 messages, 10,000 ms), as
/// pubsub/kafka/kafka.go BulkSubscribe does.
/// </summary>
public sealed record BulkSubscribeOptions(int MaxMessagesCount, int MaxAwaitDurationMs)
{
    public const int KafkaDefaultMaxMessagesCount = 80;
    public const int KafkaDefaultMaxAwaitDurationMs = 10_000;

    public int MessagesPerBatch => MaxMessagesCount > 0 ? MaxMessagesCount : KafkaDefaultMaxMessagesCount;

    public TimeSpan AwaitDuration => TimeSpan.FromMilliseconds(MaxAwaitDurationMs > 0 ? MaxAwaitDurationMs : KafkaDefaultMaxAwaitDurationMs);
}

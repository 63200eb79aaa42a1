using System.Text.Json.Serialization.Metadata;

namespace DaprPredictor.Pipeline.Seams;

/// <summary>Publishes to a topic; the partition key keeps one user's messages in order where the broker supports it.</summary>
public interface IMessagePublisher
{
    Task PublishAsync<T>(string topic, T message, JsonTypeInfo<T> type, string partitionKey, CancellationToken cancellationToken);
}

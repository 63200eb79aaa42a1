using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dapr.Client;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.ServiceDefaults.Dapr;

/// <summary>
/// <see cref="IMessagePublisher"/> over a Dapr pub/sub component. The partition key travels as the <c>partitionKey</c>
/// metadata: Kafka uses it to keep one user's messages in one partition (in order); brokers without partitions ignore it.
/// </summary>
public sealed class DaprMessagePublisher(DaprClient client, string pubsubName) : IMessagePublisher
{
    public const string PartitionKeyMetadata = "partitionKey";

    public Task PublishAsync<T>(string topic, T message, JsonTypeInfo<T> type, string partitionKey, CancellationToken cancellationToken) =>
        client.PublishByteEventAsync(
            pubsubName,
            topic,
            JsonSerializer.SerializeToUtf8Bytes(message, type),
            "application/json",
            new Dictionary<string, string> { [PartitionKeyMetadata] = partitionKey },
            cancellationToken);
}

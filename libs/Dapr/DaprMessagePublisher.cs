using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dapr.Client;
using DaprPredictor.Contracts;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Dapr;

/// <summary>
/// <see cref="IMessagePublisher"/> over a Dapr pub/sub component. The partition key travels as the <c>partitionKey</c>
/// metadata: Kafka uses it to keep one user's messages in one partition (in order); brokers without partitions ignore it.
/// Our contracts get their own CloudEvent type (<c>cloudevent.type</c> metadata) instead of Dapr's generic one.
/// </summary>
public sealed class DaprMessagePublisher(DaprClient client, string pubsubName) : IMessagePublisher
{
    public const string PartitionKeyMetadata = "partitionKey";
    public const string CloudEventTypeMetadata = "cloudevent.type";

    private static readonly Dictionary<Type, string> EventTypes = new()
    {
        [typeof(Prediction)] = Topology.PredictionEventType,
        [typeof(DeadLetter)] = Topology.RejectionEventType,
    };

    public Task PublishAsync<T>(string topic, T message, JsonTypeInfo<T> type, string partitionKey, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string> { [PartitionKeyMetadata] = partitionKey };
        if (EventTypes.TryGetValue(typeof(T), out var eventType)) metadata[CloudEventTypeMetadata] = eventType;
        return client.PublishByteEventAsync(pubsubName, topic, JsonSerializer.SerializeToUtf8Bytes(message, type), "application/json", metadata, cancellationToken);
    }
}

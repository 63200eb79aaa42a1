using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dapr.Client;
using DaprPredictor.Contracts;
using DaprPredictor.Pipeline.Seams;
using Google.Protobuf;
using Grpc.Core;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace DaprPredictor.Dapr;

/// <summary>
/// <see cref="IMessagePublisher"/> over a Dapr pub/sub component. The partition key travels as the <c>partitionKey</c>
/// metadata: Kafka uses it to keep one user's messages in one partition (in order); brokers without partitions ignore it.
/// Our contracts get their own CloudEvent type (<c>cloudevent.type</c> metadata) instead of Dapr's generic one.
/// A bulk publish is one BulkPublishEvent whose entries each carry that metadata of their own (daprd builds each entry's
/// CloudEvent from it, and the Kafka component keys each record by it: components-contrib
/// common/component/kafka/producer.go BulkPublish).
/// </summary>
public sealed class DaprMessagePublisher(DaprClient client, SidecarGrpc sidecar, string pubsubName) : IMessagePublisher
{
    public const string PartitionKeyMetadata = "partitionKey";
    public const string CloudEventTypeMetadata = "cloudevent.type";

    private static readonly Dictionary<Type, string> EventTypes = new()
    {
        [typeof(Prediction)] = Topology.PredictionEventType,
        [typeof(DeadLetter)] = Topology.RejectionEventType,
    };

    public Task PublishAsync<T>(string topic, T message, JsonTypeInfo<T> type, string partitionKey, CancellationToken cancellationToken) =>
        client.PublishByteEventAsync(pubsubName, topic, JsonSerializer.SerializeToUtf8Bytes(message, type), "application/json", Metadata<T>(partitionKey), cancellationToken);

    /// <summary>
    /// One BulkPublishEvent, or as few as daprd's body limit allows (<see cref="DaprOptions.MaxBulkRequestBytes"/>). The
    /// failed entries daprd lists are returned, and every entry of a call that failed. In Dapr 1.14–1.18 daprd lists
    /// none: when an entry fails after the resiliency policy's retries the call fails with Internal (dapr/dapr
    /// pkg/api/grpc/grpc.go bulkPublishEvent), though the other entries may have been published. Throws when every call failed.
    /// </summary>
    public async Task<IReadOnlyList<int>> PublishBulkAsync<T>(string topic, IReadOnlyList<OutgoingMessage<T>> messages, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var entries = new Autogen.BulkPublishRequestEntry[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            entries[i] = new Autogen.BulkPublishRequestEntry
            {
                EntryId = i.ToString(CultureInfo.InvariantCulture),
                Event = UnsafeByteOperations.UnsafeWrap(JsonSerializer.SerializeToUtf8Bytes(messages[i].Message, type)),
                ContentType = "application/json",
            };
            entries[i].Metadata.Add(Metadata<T>(messages[i].PartitionKey));
        }

        var failed = new List<int>();
        Exception? failure = null;
        var runs = BulkRuns.Of([.. entries.Select(e => e.CalculateSize())], sidecar.MaxRequestBytes);
        foreach (var run in runs)
        {
            var request = new Autogen.BulkPublishRequest { PubsubName = pubsubName, Topic = topic };
            request.Entries.AddRange(entries[run]);
            try
            {
                var response = await sidecar.BulkPublishAsync(request, cancellationToken);
                failed.AddRange(response.FailedEntries.Select(f => int.Parse(f.EntryId, NumberStyles.None, CultureInfo.InvariantCulture)).Distinct());
            }
            catch (Exception ex) when (ex is RpcException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                failure ??= ex;
                var (start, count) = run.GetOffsetAndLength(entries.Length);
                failed.AddRange(Enumerable.Range(start, count));
            }
        }

        if (failure is not null && failed.Count == messages.Count) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return failed;
    }

    private static Dictionary<string, string> Metadata<T>(string partitionKey)
    {
        var metadata = new Dictionary<string, string> { [PartitionKeyMetadata] = partitionKey };
        if (EventTypes.TryGetValue(typeof(T), out var eventType)) metadata[CloudEventTypeMetadata] = eventType;
        return metadata;
    }
}

using System.Text.Json.Serialization.Metadata;

namespace DaprPredictor.Pipeline.Seams;

/// <summary>Publishes to a topic; the partition key keeps one user's messages in order where the broker supports it.</summary>
public interface IMessagePublisher
{
    Task PublishAsync<T>(string topic, T message, JsonTypeInfo<T> type, string partitionKey, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes several messages to one topic, each with its own partition key; returns the indexes of the messages the
    /// broker did not take (empty: all published). Throws when the call as a whole failed: then any of them may or may
    /// not have been published. By default one <see cref="PublishAsync{T}"/> each.
    /// </summary>
    async Task<IReadOnlyList<int>> PublishBulkAsync<T>(string topic, IReadOnlyList<OutgoingMessage<T>> messages, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        var failed = new List<int>();
        for (var i = 0; i < messages.Count; i++)
        {
            try
            {
                await PublishAsync(topic, messages[i].Message, type, messages[i].PartitionKey, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failed.Add(i);
            }
        }

        return failed;
    }
}

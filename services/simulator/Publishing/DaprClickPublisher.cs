using Dapr.Client;
using DaprPredictor.Contracts;
using DaprPredictor.Simulator.Streams;

namespace DaprPredictor.Simulator.Publishing;

/// <summary>
/// Publishes a message's JSON as is to pub/sub <c>pubsub</c>, on its topic (<c>page-views</c> or <c>purchases</c>). The
/// user id travels as the <c>partitionKey</c> metadata: Kafka keeps one key in one partition, in order; other brokers
/// ignore it.
/// </summary>
public sealed class DaprClickPublisher(DaprClient client)
{
    public const string PartitionKeyMetadata = "partitionKey";
    public const string ContentType = "application/json";

    public Task PublishAsync(ClickEvent click, CancellationToken cancellationToken) =>
        client.PublishByteEventAsync(
            Topology.PubSubComponent,
            click.Topic,
            click.Payload,
            ContentType,
            new Dictionary<string, string> { [PartitionKeyMetadata] = click.PartitionKey },
            cancellationToken);
}

using DaprPredictor.Domain.Events;

namespace DaprPredictor.Embedded;

/// <summary>A page view on its way to the pipeline: the bytes as a broker would carry them, or an event already read.</summary>
public sealed record PageViewMessage(ReadOnlyMemory<byte> Json, PageViewEvent? Event, DateTimeOffset? EventTime, string PartitionKey)
{
    /// <summary>What the producer attached (a replay's ground truth): never read by the pipeline, handed back when the message is settled.</summary>
    public object? Context { get; init; }
}

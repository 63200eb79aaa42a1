namespace DaprPredictor.Pipeline.Seams;

/// <summary>One message of a bulk publish, with the partition key it is published under.</summary>
public readonly record struct OutgoingMessage<T>(T Message, string PartitionKey);

namespace DaprPredictor.Contracts;

/// <summary>One entry's fate in a <see cref="BulkTopicResponse"/>: <see cref="TopicResponse"/>'s statuses.</summary>
public sealed record BulkTopicResponseEntry(string EntryId, string Status);

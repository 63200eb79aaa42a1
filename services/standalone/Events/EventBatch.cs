namespace DaprPredictor.Standalone.Events;

/// <summary>What <see cref="EventBatchReader"/> found in a body: its elements' byte ranges, or why there are none.</summary>
/// <param name="Elements">The byte range of each top-level element (the body itself when it is not an array), in order.</param>
internal sealed record EventBatch(EventBatchStatus Status, byte[] Body, IReadOnlyList<Range> Elements, string? Problem = null);

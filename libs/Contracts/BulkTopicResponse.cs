namespace DaprPredictor.Contracts;

/// <summary>
/// The app's answer to a bulk delivery: one status per entry (<c>{"statuses":[{"entryId","status"}]}</c>, components-contrib
/// pubsub AppBulkResponse). SUCCESS acknowledges; RETRY redelivers that entry alone; DROP drops it (daprd forwards it to
/// the subscription's dead-letter topic). An entry without a status is retried.
/// </summary>
public sealed record BulkTopicResponse(IReadOnlyList<BulkTopicResponseEntry> Statuses);

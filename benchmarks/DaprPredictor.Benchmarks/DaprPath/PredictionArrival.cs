namespace DaprPredictor.Benchmarks.DaprPath;

/// <param name="PublishedUnixMs">The broker's record timestamp (Unix ms, wall clock), or <see cref="long.MinValue"/> if the delivery had none.</param>
/// <param name="ArrivedTimestamp">When the rig's app received it (a Stopwatch timestamp).</param>
internal readonly record struct PredictionArrival(long PublishedUnixMs, long ArrivedTimestamp);

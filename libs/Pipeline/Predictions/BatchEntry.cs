using DaprPredictor.Domain.Cleaning;

namespace DaprPredictor.Pipeline.Predictions;

/// <summary>One entry of a bulk delivery: a page view's bytes, or why none could be found in it.</summary>
/// <param name="Data">The page view's JSON when <paramref name="Problem"/> is null.</param>
/// <param name="Problem">Why the entry cannot be read (its envelope, its size); it is dead-lettered with this reason.</param>
/// <param name="Received">What the dead letter of an unreadable entry keeps: the entry as text, or a note when it was not kept.</param>
public sealed record BatchEntry(ReadOnlyMemory<byte> Data, Rejection? Problem = null, string? Received = null);

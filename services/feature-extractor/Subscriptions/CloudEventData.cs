using DaprPredictor.Domain.Cleaning;

namespace DaprPredictor.FeatureExtractor.Subscriptions;

/// <summary>
/// What a delivery carries: the message's data, or why it cannot be found (<see cref="Problem"/>), with the bytes as
/// received for the dead letter.
/// </summary>
/// <param name="Data">The message's data (a page view's JSON) when <see cref="Problem"/> is null.</param>
/// <param name="Received">What the dead letter keeps of a refused delivery: the body as text, or a note when it was not kept.</param>
internal sealed record CloudEventData(ReadOnlyMemory<byte> Data, Rejection? Problem = null, string? Received = null);

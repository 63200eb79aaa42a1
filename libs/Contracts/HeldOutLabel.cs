namespace DaprPredictor.Contracts;

/// <summary>A held-out event's ground truth, for scoring a replay afterwards.</summary>
public sealed record HeldOutLabel(string EventId, bool Label, double? Oracle);

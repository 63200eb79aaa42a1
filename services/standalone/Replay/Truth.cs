namespace DaprPredictor.Standalone.Replay;

/// <summary>What is known to be true of a replayed event, when the stream comes with ground truth.</summary>
public readonly record struct Truth(bool Label, double? Oracle);

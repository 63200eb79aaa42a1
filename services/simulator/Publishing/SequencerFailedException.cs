namespace DaprPredictor.Simulator.Publishing;

public sealed class SequencerFailedException(Exception inner) : Exception($"Publishing stopped: {inner.Message}", inner);

namespace DaprPredictor.Pipeline.Predictions;

/// <summary>The window kept changing under us; the event is handed back for redelivery.</summary>
public sealed class StateConflictException(string message) : Exception(message);

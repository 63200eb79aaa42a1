namespace DaprPredictor.ModelTraining;

/// <summary>One scored moment: the vector the services would have assembled at this event, and what happened next.</summary>
public sealed record TrainingRow(
    string EventId,
    string UserId,
    int SessionOrdinal,
    DateTimeOffset Timestamp,
    DateTimeOffset SessionStart,
    float[] Features,
    bool Label);

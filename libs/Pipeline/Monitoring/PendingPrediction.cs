namespace DaprPredictor.Pipeline.Monitoring;

/// <summary>A scored prediction on its way to live grading, as <see cref="LiveGrading.Predicted"/> was told of it.</summary>
public readonly record struct PendingPrediction(string UserId, string SessionId, DateTimeOffset SessionLastEventAt, DateTimeOffset EventAt, double Probability);

namespace DaprPredictor.Contracts;

/// <summary>Published to <see cref="Topology.PredictionsTopic"/> and answered by <c>POST /predict</c>.</summary>
/// <param name="Degraded">True when the offline features could not be read in time and cold-start defaults were used.</param>
/// <param name="LatencyMs">From receiving the event to having its probability.</param>
public sealed record Prediction(
    string UserId,
    string SessionId,
    string EventId,
    double Probability,
    string ModelVersion,
    int FeatureSchemaVersion,
    bool Degraded,
    DateTimeOffset ComputedAt,
    double LatencyMs);

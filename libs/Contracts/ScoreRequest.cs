namespace DaprPredictor.Contracts;

/// <summary><c>POST /score</c>: exactly one of <see cref="Features"/> (one vector) and <see cref="Batch"/> (several).</summary>
public sealed record ScoreRequest(int FeatureSchemaVersion, float[]? Features = null, float[][]? Batch = null);

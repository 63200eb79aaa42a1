namespace DaprPredictor.Contracts;

/// <summary>One probability per vector, in request order.</summary>
public sealed record ScoreResponse(string ModelVersion, int FeatureSchemaVersion, double[] Probabilities);

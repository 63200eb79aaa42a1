namespace DaprPredictor.Pipeline.Seams;

public readonly record struct Score(double Probability, string ModelVersion, int FeatureSchemaVersion);

namespace DaprPredictor.Contracts;

/// <summary>What the scorer is serving.</summary>
public sealed record ModelStatus(string ModelVersion, int FeatureSchemaVersion, string Path, DateTimeOffset LoadedAt, string Trainer);

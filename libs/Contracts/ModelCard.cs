namespace DaprPredictor.Contracts;

/// <summary>Written into model.zip next to the ML.NET model, so a model always says which vectors it scores.</summary>
public sealed record ModelCard(
    string ModelVersion,
    int FeatureSchemaVersion,
    IReadOnlyList<string> FeatureNames,
    string Trainer,
    DateTimeOffset TrainedAt,
    int TrainRows);

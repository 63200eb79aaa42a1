using DaprPredictor.Domain.Monitoring;

namespace DaprPredictor.Contracts;

/// <summary>
/// Written into model.zip next to the ML.NET model, so a model always says which vectors it scores, how it did on
/// held-out data, and what its training features looked like (the reference serving measures drift against).
/// Models written before <see cref="HeldOut"/> and <see cref="FeatureDistributions"/> existed load with them null.
/// </summary>
public sealed record ModelCard(
    string ModelVersion,
    int FeatureSchemaVersion,
    IReadOnlyList<string> FeatureNames,
    string Trainer,
    DateTimeOffset TrainedAt,
    int TrainRows,
    HeldOutEvaluation? HeldOut = null,
    IReadOnlyList<FeatureDistribution>? FeatureDistributions = null);

/// <summary>The model on training's later held-out split: the figures live grading is compared with.</summary>
public sealed record HeldOutEvaluation(double? Auc, double LogLoss, double Brier, double BaseRate, int Rows);

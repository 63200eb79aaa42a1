namespace DaprPredictor.Domain.Contracts;

/// <summary>Written into model.zip next to the ML.NET model, so a model always says which vectors it scores.</summary>
public sealed record ModelCard(
    string ModelVersion,
    int FeatureSchemaVersion,
    IReadOnlyList<string> FeatureNames,
    string Trainer,
    DateTimeOffset TrainedAt,
    int TrainRows);

/// <summary>metrics.json: the model on the held-out later split, next to the oracle (the best possible) and the base rate.</summary>
public sealed record TrainingMetrics(
    string ModelVersion,
    int FeatureSchemaVersion,
    double Auc,
    double LogLoss,
    double Brier,
    double? OracleAuc,
    double? OracleLogLoss,
    double? OracleBrier,
    double BaseRate,
    double BaseRateLogLoss,
    double? LogLossToOracle,
    double? AucGapToOracle,
    int TrainRows,
    int TestRows,
    int TrainSessions,
    int TestSessions,
    DateTimeOffset SplitAt,
    int? Users,
    int? Seed,
    string Trainer,
    double TrainingSeconds,
    double TotalSeconds);

/// <summary>A held-out event's ground truth, for scoring a replay afterwards.</summary>
public sealed record HeldOutLabel(string EventId, bool Label, double? Oracle);

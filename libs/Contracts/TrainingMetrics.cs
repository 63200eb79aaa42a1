namespace DaprPredictor.Contracts;

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
    double BaseRateBrier,
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

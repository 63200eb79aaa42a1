namespace DaprPredictor.Standalone.Replay;

public sealed record EvaluationResult(long Events, double Auc, double LogLoss, double? OracleAuc, double? OracleLogLoss);

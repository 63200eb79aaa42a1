namespace DaprPredictor.Domain.Monitoring;

/// <summary>
/// The grade of the most recent labelled predictions. <see cref="BaseRateLogLoss"/> is what always predicting the
/// window's own base rate would have scored: a model worse than that has stopped helping.
/// </summary>
public sealed record LiveGrade(
    long Count,
    long Positives,
    double? LogLoss,
    double? Brier,
    double? Auc,
    double? BaseRate,
    double? BaseRateLogLoss,
    IReadOnlyList<CalibrationBin> Calibration);

using DaprPredictor.Domain.Outcomes;

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
    IReadOnlyList<CalibrationBin> Calibration)
{
    public static LiveGrade Of(ProbabilityScores scores, IReadOnlyList<CalibrationBin> calibration) =>
        scores.Count == 0
            ? new LiveGrade(0, 0, null, null, null, null, null, calibration)
            : new LiveGrade(scores.Count, scores.Positives, scores.LogLoss, scores.Brier, scores.Auc, scores.BaseRate, Entropy(scores.BaseRate), calibration);

    /// <summary>The log loss of always predicting <paramref name="rate"/> against outcomes whose rate it is.</summary>
    public static double Entropy(double rate) =>
        rate is <= 0 or >= 1 ? 0 : -(rate * Math.Log(rate)) - ((1 - rate) * Math.Log(1 - rate));
}

namespace DaprPredictor.Domain.Monitoring;

/// <param name="MaxTrackedUsers">Users with an open session or a recent purchase kept at once; beyond it the earliest-due user is evicted ungraded.</param>
/// <param name="MaxPredictionsPerSession">Predictions of one session waiting for their label; beyond it they are counted ungraded.</param>
/// <param name="SettleDelay">How long after a session's deadline purchases may still arrive before its remaining predictions are labelled negative.</param>
public sealed record GradingLimits(int MaxTrackedUsers, int MaxPredictionsPerSession, TimeSpan SettleDelay);

namespace DaprPredictor.Domain.Monitoring;

/// <summary>Why a prediction was never labelled (memory bounds, not errors): counted so the graded share is visible.</summary>
public enum UngradedReason
{
    /// <summary>Its user was evicted to keep <see cref="GradingLimits.MaxTrackedUsers"/>.</summary>
    Evicted,

    /// <summary>Its session already held <see cref="GradingLimits.MaxPredictionsPerSession"/> waiting predictions.</summary>
    SessionFull,
}

namespace DaprPredictor.Domain.Outcomes;

/// <summary>
/// What a session's events are labelled. Only the newest purchase by the session's deadline matters: an event is
/// positive exactly when that purchase is after it, so a whole session is decided in one pass over the history.
/// </summary>
/// <param name="LatestPurchaseByDeadline">The user's newest purchase at or before the deadline (possibly before the session); null when none.</param>
public readonly record struct SessionOutcome(DateTimeOffset? LatestPurchaseByDeadline)
{
    public bool IsPositive(DateTimeOffset eventAt) => LatestPurchaseByDeadline > eventAt;
}

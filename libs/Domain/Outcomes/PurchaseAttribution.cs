using DaprPredictor.Domain.Features;

namespace DaprPredictor.Domain.Outcomes;

/// <summary>
/// The label, stated once for training and for grading live predictions: an event is positive when its user purchases
/// after the event and no later than <see cref="Window"/> after the last event of the event's session. A purchase at
/// the event's own instant does not count (the event cannot be credited with what had already happened); one exactly
/// at the deadline does.
/// </summary>
public sealed record PurchaseAttribution(TimeSpan Window)
{
    public static TimeSpan DefaultWindow { get; } = TimeSpan.FromMinutes(30);

    /// <summary>The last instant at which a purchase still counts for a session whose newest event is at <paramref name="sessionLastEventAt"/>.</summary>
    public DateTimeOffset Deadline(DateTimeOffset sessionLastEventAt) => sessionLastEventAt + Window;

    /// <summary>The outcome of a closed session: what every one of its events is labelled, from the user's purchases (in any order).</summary>
    public SessionOutcome Of(ReadOnlySpan<PurchaseRecord> purchases, DateTimeOffset sessionLastEventAt)
    {
        var deadline = Deadline(sessionLastEventAt);
        DateTimeOffset? latest = null;
        foreach (var p in purchases)
        {
            if (p.PurchasedAt <= deadline && (latest is null || p.PurchasedAt > latest)) latest = p.PurchasedAt;
        }

        return new SessionOutcome(latest);
    }
}

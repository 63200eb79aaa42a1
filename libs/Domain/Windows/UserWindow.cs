using DaprPredictor.Domain.Events;

namespace DaprPredictor.Domain.Windows;

/// <summary>A page seen in the current session.</summary>
public readonly record struct PageVisit(PageType Page, DateTimeOffset At);

/// <summary>
/// The per-user real-time state. Immutable: <see cref="WindowRules.Apply"/> returns a new window and never
/// mutates its arrays, so a window can be cached or stored by reference with value semantics.
/// </summary>
/// <param name="RecentPages">Newest first (by event time), at most <see cref="WindowOptions.RecentPages"/>.</param>
/// <param name="PageCounts">Visits per <see cref="PageType"/> in this session, indexed by the enum value.</param>
/// <param name="LastGapSeconds">Seconds between the newest event and the one before it (0 for a session's first event).</param>
/// <param name="RecentEventIds">Newest first, kept across sessions so a redelivered event is recognized.</param>
public sealed record UserWindow(
    string UserId,
    string SessionId,
    DateTimeOffset SessionStart,
    DateTimeOffset LastEventAt,
    double LastGapSeconds,
    int EventCount,
    PageType EntryPage,
    int[] PageCounts,
    PageVisit[] RecentPages,
    int PricedViews,
    double ViewedPriceSum,
    string[] RecentEventIds);

public enum WindowOutcome
{
    /// <summary>The first event of a session (no window, another session id, or inactivity past the timeout).</summary>
    SessionStarted,

    /// <summary>An event at or after the newest one in the session.</summary>
    Appended,

    /// <summary>An event older than the newest one in the session, merged in event-time order.</summary>
    Reordered,

    /// <summary>An event id seen recently: the window is unchanged.</summary>
    Duplicate,

    /// <summary>An event that belongs to a session that is already closed: the window is unchanged.</summary>
    Late,
}

public readonly record struct WindowUpdate(WindowOutcome Outcome, UserWindow Window)
{
    public bool Changed => Outcome is not (WindowOutcome.Duplicate or WindowOutcome.Late);
}

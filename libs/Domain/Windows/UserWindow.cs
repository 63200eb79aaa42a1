using DaprPredictor.Domain.Events;

namespace DaprPredictor.Domain.Windows;

/// <summary>
/// The per-user real-time state as an immutable snapshot, the form stored as JSON: <see cref="WindowRules.Apply"/>
/// returns a new window and never mutates its arrays, so a window can be cached or stored by reference with value
/// semantics. A hot path changes a <see cref="WindowBuffer"/> in place instead.
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

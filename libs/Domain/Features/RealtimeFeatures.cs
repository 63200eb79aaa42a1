using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Windows;

namespace DaprPredictor.Domain.Features;

/// <summary>
/// What the current session says about the visitor, read off the window after the event was applied. A struct: it is
/// read once per scored event, straight into the vector, and never kept.
/// </summary>
/// <param name="LastPage">The newest page; <see cref="SecondLastPage"/> and <see cref="ThirdLastPage"/> are null early in a session.</param>
/// <param name="PageCounts">Visits per page type in the session, indexed by <see cref="PageType"/>.</param>
/// <param name="MeanViewedPrice">Mean price over the session's events that carried a price; 0 when none did.</param>
public readonly record struct RealtimeFeatures(
    PageType LastPage,
    PageType? SecondLastPage,
    PageType? ThirdLastPage,
    PageType EntryPage,
    int SessionEvents,
    double SessionSeconds,
    double SecondsSincePrevious,
    int[] PageCounts,
    double MeanViewedPrice)
{
    public static RealtimeFeatures From(UserWindow window) => Of(
        window.RecentPages, window.EntryPage, window.EventCount, window.SessionStart, window.LastEventAt, window.LastGapSeconds, window.PageCounts, window.PricedViews, window.ViewedPriceSum);

    /// <summary>The features of a window being changed in place; <see cref="PageCounts"/> is then the buffer's own array.</summary>
    public static RealtimeFeatures From(WindowBuffer window) => Of(
        window.RecentPages, window.EntryPage, window.EventCount, window.SessionStart, window.LastEventAt, window.LastGapSeconds, window.PageCounts, window.PricedViews, window.ViewedPriceSum);

    private static RealtimeFeatures Of(
        ReadOnlySpan<PageVisit> pages, PageType entryPage, int eventCount, DateTimeOffset sessionStart, DateTimeOffset lastEventAt, double lastGapSeconds, int[] pageCounts, int pricedViews, double viewedPriceSum) => new(
        pages[0].Page,
        pages.Length > 1 ? pages[1].Page : null,
        pages.Length > 2 ? pages[2].Page : null,
        entryPage,
        eventCount,
        (lastEventAt - sessionStart).TotalSeconds,
        lastGapSeconds,
        pageCounts,
        pricedViews > 0 ? viewedPriceSum / pricedViews : 0);
}

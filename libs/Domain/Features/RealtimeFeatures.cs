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
    public static RealtimeFeatures From(UserWindow window)
    {
        var pages = window.RecentPages;
        return new RealtimeFeatures(
            pages[0].Page,
            pages.Length > 1 ? pages[1].Page : null,
            pages.Length > 2 ? pages[2].Page : null,
            window.EntryPage,
            window.EventCount,
            (window.LastEventAt - window.SessionStart).TotalSeconds,
            window.LastGapSeconds,
            window.PageCounts,
            window.PricedViews > 0 ? window.ViewedPriceSum / window.PricedViews : 0);
    }
}

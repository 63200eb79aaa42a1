using DaprPredictor.Domain.Events;

namespace DaprPredictor.Domain.Windows;

/// <summary>
/// How one event changes a user's window. The rules, in order:
/// <list type="number">
/// <item>An event id among the window's recent ids is a <b>duplicate</b>: nothing changes (delivery is at least once).</item>
/// <item>No window yet: the event <b>starts a session</b>.</item>
/// <item>Another session id: if the event is older than the window's newest event it is <b>late</b> (its session is closed)
/// and is rejected; otherwise it <b>starts a session</b>.</item>
/// <item>Same session id, more than the session timeout after the newest event: it <b>starts a session</b> (inactivity).</item>
/// <item>Same session id, at or after the newest event: it is <b>appended</b>.</item>
/// <item>Same session id, older than the newest event (out of order): it is <b>merged in event-time order</b> (counts,
/// recent pages, session start and entry page as if it had arrived in order; the newest event and the last gap are
/// unchanged) unless it is more than the session timeout before the session start, in which case it is <b>late</b>.</item>
/// </list>
/// Recent event ids survive a new session so that a redelivery straddling a session boundary is still recognized.
/// </summary>
public static class WindowRules
{
    public static WindowUpdate Apply(UserWindow? current, CleanPageView e, WindowOptions options)
    {
        if (current is null) return new(WindowOutcome.SessionStarted, Start(e, [], options));
        if (Array.IndexOf(current.RecentEventIds, e.EventId) >= 0) return new(WindowOutcome.Duplicate, current);

        if (!string.Equals(e.SessionId, current.SessionId, StringComparison.Ordinal))
        {
            return e.Timestamp < current.LastEventAt
                ? new(WindowOutcome.Late, current)
                : new(WindowOutcome.SessionStarted, Start(e, current.RecentEventIds, options));
        }

        if (e.Timestamp - current.LastEventAt > options.SessionTimeout)
        {
            return new(WindowOutcome.SessionStarted, Start(e, current.RecentEventIds, options));
        }

        if (e.Timestamp >= current.LastEventAt) return new(WindowOutcome.Appended, Append(current, e, options));

        return current.SessionStart - e.Timestamp > options.SessionTimeout
            ? new(WindowOutcome.Late, current)
            : new(WindowOutcome.Reordered, Merge(current, e, options));
    }

    private static UserWindow Start(CleanPageView e, string[] previousIds, WindowOptions options)
    {
        var counts = new int[PageTypes.Count];
        counts[(int)e.Page] = 1;
        return new UserWindow(
            e.UserId,
            e.SessionId,
            SessionStart: e.Timestamp,
            LastEventAt: e.Timestamp,
            LastGapSeconds: 0,
            EventCount: 1,
            EntryPage: e.Page,
            PageCounts: counts,
            RecentPages: [new PageVisit(e.Page, e.Timestamp)],
            PricedViews: e.Price is null ? 0 : 1,
            ViewedPriceSum: e.Price ?? 0,
            RecentEventIds: Remember(previousIds, e.EventId, options.DedupeCapacity));
    }

    /// <remarks>One new window per event: the counts, the pages and the time fields are set in a single copy.</remarks>
    private static UserWindow Append(UserWindow w, CleanPageView e, WindowOptions options) => w with
    {
        EventCount = w.EventCount + 1,
        PageCounts = Counted(w.PageCounts, e.Page),
        PricedViews = w.PricedViews + (e.Price is null ? 0 : 1),
        ViewedPriceSum = w.ViewedPriceSum + (e.Price ?? 0),
        RecentEventIds = Remember(w.RecentEventIds, e.EventId, options.DedupeCapacity),
        LastEventAt = e.Timestamp,
        LastGapSeconds = (e.Timestamp - w.LastEventAt).TotalSeconds,
        RecentPages = Insert(w.RecentPages, new PageVisit(e.Page, e.Timestamp), options.RecentPages),
    };

    private static UserWindow Merge(UserWindow w, CleanPageView e, WindowOptions options)
    {
        var earliest = e.Timestamp < w.SessionStart;
        return w with
        {
            EventCount = w.EventCount + 1,
            PageCounts = Counted(w.PageCounts, e.Page),
            PricedViews = w.PricedViews + (e.Price is null ? 0 : 1),
            ViewedPriceSum = w.ViewedPriceSum + (e.Price ?? 0),
            RecentEventIds = Remember(w.RecentEventIds, e.EventId, options.DedupeCapacity),
            RecentPages = Insert(w.RecentPages, new PageVisit(e.Page, e.Timestamp), options.RecentPages),
            SessionStart = earliest ? e.Timestamp : w.SessionStart,
            EntryPage = earliest ? e.Page : w.EntryPage,
        };
    }

    private static int[] Counted(int[] counts, PageType page)
    {
        var result = (int[])counts.Clone();
        result[(int)page]++;
        return result;
    }

    /// <summary>Inserts a visit keeping newest-first event-time order; equal times keep arrival order (newer arrival first).</summary>
    private static PageVisit[] Insert(PageVisit[] pages, PageVisit visit, int capacity)
    {
        var position = 0;
        while (position < pages.Length && pages[position].At > visit.At) position++;
        if (position >= capacity) return pages;

        var length = Math.Min(pages.Length + 1, capacity);
        var result = new PageVisit[length];
        pages.AsSpan(0, position).CopyTo(result);
        result[position] = visit;
        pages.AsSpan(position, length - position - 1).CopyTo(result.AsSpan(position + 1));
        return result;
    }

    private static string[] Remember(string[] ids, string id, int capacity)
    {
        var length = Math.Min(ids.Length + 1, capacity);
        var result = new string[length];
        result[0] = id;
        ids.AsSpan(0, length - 1).CopyTo(result.AsSpan(1));
        return result;
    }
}

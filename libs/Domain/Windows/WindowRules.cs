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
/// The rules are written once, on a <see cref="WindowBuffer"/> changed in place (serving's hot path and training); the
/// immutable form copies the window into a buffer, applies the event there and takes a snapshot.
/// </summary>
public static class WindowRules
{
    /// <summary>Applies <paramref name="e"/> to <paramref name="window"/> in place; a duplicate or a late event leaves it unchanged.</summary>
    public static WindowOutcome ApplyInPlace(WindowBuffer window, CleanPageView e, WindowOptions options)
    {
        if (window.IsEmpty) return Started(window, e, options);
        if (window.Remembers(e.EventId)) return WindowOutcome.Duplicate;

        if (!string.Equals(e.SessionId, window.SessionId, StringComparison.Ordinal))
        {
            return e.Timestamp < window.LastEventAt ? WindowOutcome.Late : Started(window, e, options);
        }

        if (e.Timestamp - window.LastEventAt > options.SessionTimeout) return Started(window, e, options);

        if (e.Timestamp >= window.LastEventAt)
        {
            window.Count(e, options.RecentPages, options.DedupeCapacity);
            window.Advance(e.Timestamp);
            return WindowOutcome.Appended;
        }

        if (window.SessionStart - e.Timestamp > options.SessionTimeout) return WindowOutcome.Late;

        window.Count(e, options.RecentPages, options.DedupeCapacity);
        if (e.Timestamp < window.SessionStart) window.StartEarlier(e.Timestamp, e.Page);
        return WindowOutcome.Reordered;
    }

    /// <summary>
    /// The immutable form: <paramref name="current"/> is never changed; the update carries a new window, or
    /// <paramref name="current"/> itself for a duplicate or a late event.
    /// </summary>
    public static WindowUpdate Apply(UserWindow? current, CleanPageView e, WindowOptions options)
    {
        var window = WindowBuffer.Of(current);
        var outcome = ApplyInPlace(window, e, options);
        return new(outcome, outcome is WindowOutcome.Duplicate or WindowOutcome.Late ? current! : window.ToWindow()!);
    }

    private static WindowOutcome Started(WindowBuffer window, CleanPageView e, WindowOptions options)
    {
        window.Start(e, options.DedupeCapacity);
        return WindowOutcome.SessionStarted;
    }
}

namespace DaprPredictor.Domain.Windows;

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

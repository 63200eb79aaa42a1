namespace DaprPredictor.Domain.Features;

/// <summary>When the offline features of an event are taken: the start of its session, so that a session sees one stable history.</summary>
public static class PointInTime
{
    public static DateTimeOffset OfflineAsOf(Windows.UserWindow window) => window.SessionStart;

    public static DateTimeOffset OfflineAsOf(Windows.WindowBuffer window) => window.SessionStart;
}

namespace DaprPredictor.Embedded;

/// <summary>
/// Live, the system clock. During a replay, event time: each event is judged at its own timestamp (set around its
/// processing, so cleaning, window TTLs and cache ages behave exactly as they did when it happened), and anything
/// outside an event (the HTTP API, sweeps) sees the replay's low watermark.
/// </summary>
public sealed class EventTimeClock : TimeProvider
{
    private static readonly AsyncLocal<DateTimeOffset?> EventTime = new();
    private volatile Func<DateTimeOffset>? _watermark;

    public bool Replaying => _watermark is not null;

    public override DateTimeOffset GetUtcNow() => EventTime.Value ?? _watermark?.Invoke() ?? System.GetUtcNow();

    public void StartReplay(Func<DateTimeOffset> watermark) => _watermark = watermark;

    public void StopReplay() => _watermark = null;

    /// <summary>Judges everything done in the current async flow at <paramref name="at"/> until disposed.</summary>
    public static EventTimeScope At(DateTimeOffset? at)
    {
        var previous = EventTime.Value;
        EventTime.Value = at;
        return new EventTimeScope(previous);
    }

    public readonly struct EventTimeScope(DateTimeOffset? previous) : IDisposable
    {
        public void Dispose() => EventTime.Value = previous;
    }
}

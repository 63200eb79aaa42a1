namespace DaprPredictor.Embedded;

/// <summary>
/// Live, the system clock. During a replay, event time: each event is judged at its own timestamp (set around its
/// processing, so cleaning, window TTLs and cache ages behave exactly as they did when it happened), and anything
/// outside an event (the HTTP API, sweeps) sees the replay's low watermark.
/// </summary>
public sealed class EventTimeClock : TimeProvider
{
    private static readonly AsyncLocal<EventTimeSlot?> Current = new();
    private volatile Func<DateTimeOffset>? _watermark;

    public bool Replaying => _watermark is not null;

    public override DateTimeOffset GetUtcNow() => Current.Value?.Time ?? _watermark?.Invoke() ?? System.GetUtcNow();

    public void StartReplay(Func<DateTimeOffset> watermark) => _watermark = watermark;

    public void StopReplay() => _watermark = null;

    /// <summary>
    /// Gives the current async flow (a consumer's loop) a slot whose time everything in the flow is judged at while it is
    /// set. Setting an AsyncLocal per event would copy the execution context twice per event; the slot is set once and
    /// then moved from event to event. Only work that stays in the flow may read it (the consumer awaits each delivery).
    /// </summary>
    public static EventTimeSlot Enter()
    {
        var slot = new EventTimeSlot();
        Current.Value = slot;
        return slot;
    }
}

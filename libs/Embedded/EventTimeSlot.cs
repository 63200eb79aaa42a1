namespace DaprPredictor.Embedded;

/// <summary>The event time of one async flow (see <see cref="EventTimeClock.Enter"/>); null: not judging an event now.</summary>
public sealed class EventTimeSlot
{
    public DateTimeOffset? Time { get; set; }
}

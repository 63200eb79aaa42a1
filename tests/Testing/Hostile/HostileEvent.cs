namespace DaprPredictor.Testing.Hostile;

/// <summary>
/// Bytes an attacker sends where one page view belongs, and what every entry must make of them.
/// </summary>
/// <param name="Reason">
/// The reject reason (kebab-case) every entry must name, or null when the event is valid however odd it looks: it must
/// then be scored like any other.
/// </param>
/// <param name="WellFormed">
/// False when the bytes are not one JSON value: an entry that reads a batch cannot tell where such an element ends, so
/// it refuses the whole request instead of giving each element a fate.
/// </param>
/// <param name="InEnvelope">
/// The reason when the bytes are written straight into a CloudEvent's <c>data</c> member, where the envelope breaks
/// with them (null: the same as <paramref name="Reason"/>).
/// </param>
public sealed record HostileEvent(string Name, string? Reason, bool WellFormed, Func<EventSeed, byte[]> Build, string? InEnvelope = null)
{
    /// <summary>The reason a delivery whose envelope carries these bytes as its data must be dead-lettered with.</summary>
    public string? EnvelopeReason => InEnvelope ?? (WellFormed ? Reason : HostileEvents.InvalidCloudEvent);

    public override string ToString() => Name;
}

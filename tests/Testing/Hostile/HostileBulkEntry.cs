namespace DaprPredictor.Testing.Hostile;

/// <summary>One odd entry of a bulk delivery, sent as entry "1" beside a valid entry "0" (<see cref="HostileBulkDeliveries.Beside"/>).</summary>
/// <param name="Reason">The dead letter's reason before the entry's DROP, or null when the page view in it must be scored (SUCCESS).</param>
/// <param name="Unanswered">
/// It has no entry id to be answered by (daprd numbers every entry itself): it gets no status, which daprd takes for
/// RETRY, and it is not received.
/// </param>
public sealed record HostileBulkEntry(string Name, string? Reason, Func<EventSeed, string> Build, bool Unanswered = false)
{
    public override string ToString() => Name;
}

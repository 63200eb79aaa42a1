namespace DaprPredictor.Testing.Hostile;

/// <summary>A bulk delivery odd as a whole.</summary>
/// <param name="Status">The 4xx ProblemDetails it must get (no entry to answer), or null when its entries are answered (200).</param>
public sealed record HostileBulkEnvelope(string Name, int? Status, Func<EventSeed, HostileEnvelope.Delivery> Build)
{
    public override string ToString() => Name;
}

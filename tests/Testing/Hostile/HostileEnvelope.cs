namespace DaprPredictor.Testing.Hostile;

/// <summary>
/// A delivery to a subscription route whose envelope, rather than its page view, is odd: what daprd sends for other
/// content types, and what only an attacker on the app port sends.
/// </summary>
/// <param name="Reason">The dead letter's reason before DROP, or null when the page view inside must be scored (SUCCESS).</param>
public sealed record HostileEnvelope(string Name, string? Reason, Func<EventSeed, HostileEnvelope.Delivery> Build)
{
    /// <param name="ContentType">The HTTP Content-Type header, or null for none.</param>
    public sealed record Delivery(byte[] Body, string? ContentType);

    public override string ToString() => Name;
}

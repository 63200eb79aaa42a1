namespace DaprPredictor.Testing.Hostile;

/// <summary>
/// A hostile request at the HTTP level, built around an entry's own valid body: framing, lengths, timing, headers and
/// content types. Sent on a real socket to the app on Kestrel.
/// </summary>
/// <param name="Status">
/// The 4xx the request must get, or null when it is a valid request however it was framed (it must be answered as
/// the entry answers a valid one).
/// </param>
/// <param name="ByServer">
/// Kestrel refuses the request before any app code runs (its head is malformed or over a limit): the 4xx carries no
/// body, so there is no ProblemDetails to write; the app must simply go on serving.
/// </param>
/// <param name="SubscriptionReason">
/// For a subscription route, where an HTTP error would be redelivered forever: the dead letter's reason before DROP.
/// </param>
/// <param name="RequestsOnly">The case is about the request's content type, which a subscription route does not read (daprd decides it).</param>
/// <param name="Abandoned">
/// The client closes its side before the body is complete. Kestrel takes the end of the client's stream for the end
/// of the connection, so there is no one left to answer: the connection closes (or a 4xx arrives first), never a 5xx.
/// </param>
public sealed record HostileTransport(
    string Name,
    int? Status,
    Func<HostileTransport.Target, RawHttp.Request> Build,
    bool ByServer = false,
    string? SubscriptionReason = null,
    bool RequestsOnly = false,
    bool Abandoned = false)
{
    /// <summary>An entry: its path and a valid body with its content type.</summary>
    public sealed record Target(string Path, byte[] Body, string ContentType);

    public override string ToString() => Name;
}

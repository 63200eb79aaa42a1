namespace DaprPredictor.Simulator.Streams;

/// <summary>
/// One page view as it will be published: the exact JSON bytes, the key that keeps one user's events together
/// (the user id), and the event time when the payload has a readable one.
/// </summary>
public sealed record ClickEvent(string PartitionKey, DateTimeOffset? Timestamp, byte[] Payload)
{
    /// <summary>The key of lines without a readable user id: they still go out (and get dead-lettered), in file order.</summary>
    public const string UnknownUser = "(no user id)";
}

using DaprPredictor.Contracts;

namespace DaprPredictor.Simulator.Streams;

/// <summary>
/// One message as it will be published: the exact JSON bytes, the topic (page views, or the shop's purchases that close
/// the loop for live grading), the key that keeps one user's messages together (the user id), and the message's time
/// when the payload has a readable one.
/// </summary>
public sealed record ClickEvent(string PartitionKey, DateTimeOffset? Timestamp, byte[] Payload, string Topic = Topology.PageViewsTopic)
{
    /// <summary>The key of lines without a readable user id: they still go out (and get dead-lettered), in file order.</summary>
    public const string UnknownUser = "(no user id)";

    public bool IsPurchase => Topic == Topology.PurchasesTopic;
}

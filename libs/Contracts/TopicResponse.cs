namespace DaprPredictor.Contracts;

/// <summary>
/// The app's answer to a Dapr pub/sub delivery: SUCCESS acknowledges, RETRY asks for redelivery, DROP drops (and,
/// since Dapr 1.13, forwards the message to the subscription's dead-letter topic).
/// </summary>
public sealed record TopicResponse(string Status)
{
    public static TopicResponse Success { get; } = new("SUCCESS");

    public static TopicResponse Retry { get; } = new("RETRY");

    public static TopicResponse Drop { get; } = new("DROP");
}

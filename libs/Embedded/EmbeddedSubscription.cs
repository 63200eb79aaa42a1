namespace DaprPredictor.Embedded;

/// <summary>
/// An in-process subscriber of a topic the pipeline publishes to (predictions, dead letters). The broker hands it each
/// message synchronously, in the publisher's flow: a slow subscriber slows the pipeline instead of queueing without bound.
/// </summary>
public sealed record EmbeddedSubscription(string Topic, Func<object, ValueTask> Deliver)
{
    public static EmbeddedSubscription To<T>(string topic, Func<T, ValueTask> deliver) => new(topic, message => deliver((T)message));
}

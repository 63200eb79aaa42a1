namespace DaprPredictor.Pipeline.Predictions;

/// <summary>How an event reached the pipeline: a broker message is dead-lettered when invalid; a request is answered instead.</summary>
public enum Delivery
{
    Message,
    Request,
}

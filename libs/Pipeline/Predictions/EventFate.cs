namespace DaprPredictor.Pipeline.Predictions;

public enum EventFate
{
    Scored,
    Duplicate,

    /// <summary>Not scorable: a message is dead-lettered with the reason, a request is answered with it.</summary>
    Rejected,
}

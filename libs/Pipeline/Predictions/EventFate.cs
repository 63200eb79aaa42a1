namespace DaprPredictor.Pipeline.Predictions;

public enum EventFate
{
    Scored,
    Duplicate,
    DeadLettered,
}

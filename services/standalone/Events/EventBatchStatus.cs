namespace DaprPredictor.Standalone.Events;

internal enum EventBatchStatus
{
    Read,
    TooManyEvents,
    TooLarge,
    NotJson,
}

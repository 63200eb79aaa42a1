namespace DaprPredictor.OfflineFeatures.OfflineStore;

/// <summary>The binding answered, but not with what the summary query returns: a configuration or version mismatch. Retrying will not help.</summary>
public sealed class OfflineStorePayloadException : Exception
{
    public OfflineStorePayloadException(string message) : base(message)
    {
    }

    public OfflineStorePayloadException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

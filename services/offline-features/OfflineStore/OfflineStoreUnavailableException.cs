namespace DaprPredictor.OfflineFeatures.OfflineStore;

/// <summary>The binding call itself failed: the sidecar, the component or the database could not answer. Retrying may help.</summary>
public sealed class OfflineStoreUnavailableException(string message, Exception innerException) : Exception(message, innerException);

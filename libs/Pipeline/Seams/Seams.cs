using System.Text.Json.Serialization.Metadata;
using DaprPredictor.Domain.Contracts;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.Pipeline.Seams;

/// <summary>A value and the ETag it was read with (null ETag: the key does not exist).</summary>
public readonly record struct StateEntry<T>(T? Value, string? ETag) where T : class;

/// <summary>
/// A key/value store with Dapr state-store semantics: ETag optimistic concurrency (first-write) and per-item TTL.
/// Implemented by the Dapr state store and by an in-memory store with the same semantics. ValueTask: the in-memory store
/// completes synchronously on every call of the standalone host's hot path, and allocates nothing doing so.
/// </summary>
public interface IStateStore
{
    ValueTask<StateEntry<T>> GetAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class;

    /// <summary>
    /// Saves only if the stored ETag still equals <paramref name="etag"/>; with a null ETag, only if the key does not
    /// exist yet (Dapr first-write without an ETag). Returns false on a conflict: re-read and retry.
    /// </summary>
    ValueTask<bool> TrySaveAsync<T>(string key, T value, string? etag, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class;

    /// <summary>Last write wins (caches).</summary>
    ValueTask SaveAsync<T>(string key, T value, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class;
}

/// <summary>Publishes to a topic; the partition key keeps one user's messages in order where the broker supports it.</summary>
public interface IMessagePublisher
{
    Task PublishAsync<T>(string topic, T message, JsonTypeInfo<T> type, string partitionKey, CancellationToken cancellationToken);
}

public readonly record struct Score(double Probability, string ModelVersion, int FeatureSchemaVersion);

/// <summary>Scores one feature vector: the scorer service over Dapr invocation, or the pooled model in process.</summary>
public interface IScorer
{
    ValueTask<Score> ScoreAsync(float[] features, CancellationToken cancellationToken);
}

/// <summary>Offline features of a user as of a point in time: offline-features over Dapr invocation, or in process.</summary>
public interface IOfflineFeaturesSource
{
    ValueTask<UserOfflineFeatures> GetAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken);
}

/// <summary>The offline store's purchase summary: the MySQL binding, or the embedded store loaded from training output.</summary>
public interface IPurchaseHistory
{
    ValueTask<PurchaseSummary> GetSummaryAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken);
}

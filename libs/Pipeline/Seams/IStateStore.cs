using System.Text.Json.Serialization.Metadata;

namespace DaprPredictor.Pipeline.Seams;

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

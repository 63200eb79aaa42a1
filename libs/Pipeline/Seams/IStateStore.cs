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

    /// <summary>
    /// Reads <paramref name="key"/> into <paramref name="into"/> (cleared when the key does not exist or expired) and
    /// returns the ETag to save it back with. By default <see cref="GetAsync{T}"/> and a copy into the buffer (Dapr: the
    /// same call and JSON as before); the in-memory store copies from the slot it keeps for the key, allocating nothing.
    /// </summary>
    async ValueTask<ETag> ReadIntoAsync<TBuffer, TValue>(string key, TBuffer into, JsonTypeInfo<TValue> type, CancellationToken cancellationToken)
        where TBuffer : class, IStateBuffer<TBuffer, TValue>
        where TValue : class
    {
        var entry = await GetAsync(key, type, cancellationToken);
        into.Load(entry.Value);
        return ETag.Of(entry.ETag);
    }

    /// <summary>
    /// <see cref="TrySaveAsync{T}"/> of what <paramref name="from"/> holds (it must hold a value), with the ETag
    /// <see cref="ReadIntoAsync{TBuffer, TValue}"/> gave. By default the buffer's value and <see cref="TrySaveAsync{T}"/>
    /// (Dapr: the same JSON and real ETag string as before); the in-memory store copies the buffer into its slot.
    /// </summary>
    ValueTask<bool> TrySaveFromAsync<TBuffer, TValue>(string key, TBuffer from, ETag etag, TimeSpan? ttl, JsonTypeInfo<TValue> type, CancellationToken cancellationToken)
        where TBuffer : class, IStateBuffer<TBuffer, TValue>
        where TValue : class =>
        TrySaveAsync(key, from.ToValue() ?? throw new ArgumentException("an empty buffer cannot be saved.", nameof(from)), etag.Text, ttl, type, cancellationToken);

    /// <summary>Last write wins (caches).</summary>
    ValueTask SaveAsync<T>(string key, T value, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class;

    /// <summary>
    /// Reads several keys, in order; an entry is null when its key alone could not be read. By default one
    /// <see cref="GetAsync{T}"/> per key: a store with a bulk read (Dapr's GetBulkState) overrides it.
    /// </summary>
    async ValueTask<IReadOnlyList<StateEntry<T>?>> GetBulkAsync<T>(IReadOnlyList<string> keys, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        var entries = new StateEntry<T>?[keys.Count];
        for (var i = 0; i < keys.Count; i++) entries[i] = await GetAsync(keys[i], type, cancellationToken);
        return entries;
    }

    /// <summary>
    /// Saves several keys, each with <see cref="TrySaveAsync{T}"/>'s semantics, and says for each whether it was saved,
    /// lost to a conflict (re-read and redo) or not written for another reason (try again later). By default one
    /// <see cref="TrySaveAsync{T}"/> per key: a store with a bulk save (Dapr's SaveState of several items) overrides it.
    /// </summary>
    async ValueTask<IReadOnlyList<SaveOutcome>> TrySaveBulkAsync<T>(IReadOnlyList<StateWrite<T>> writes, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        var outcomes = new SaveOutcome[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            var (key, value, etag) = writes[i];
            try
            {
                outcomes[i] = await TrySaveAsync(key, value, etag, ttl, type, cancellationToken) ? SaveOutcome.Saved : SaveOutcome.Conflict;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                outcomes[i] = SaveOutcome.Failed;
            }
        }

        return outcomes;
    }
}

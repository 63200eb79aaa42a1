using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DaprPredictor.Embedded;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Testing;

/// <summary>
/// The in-memory store's semantics, but every value goes through JSON on the way in and out, exactly as it would
/// through a Dapr state store: proves that nothing the pipeline keeps is lost or changed by serialization.
/// </summary>
public sealed class JsonStateStore(TimeProvider clock) : IStateStore
{
    private readonly EmbeddedStateStore _inner = new(clock);

    private int _saves;

    public int Saves => Volatile.Read(ref _saves);

    public async ValueTask<StateEntry<T>> GetAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        var entry = await _inner.GetAsync(key, JsonBytes.TypeInfo, cancellationToken);
        return entry.Value is null ? default : new StateEntry<T>(JsonSerializer.Deserialize(entry.Value.Utf8, type), entry.ETag);
    }

    public ValueTask<bool> TrySaveAsync<T>(string key, T value, string? etag, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        Interlocked.Increment(ref _saves);
        return _inner.TrySaveAsync(key, new JsonBytes(JsonSerializer.SerializeToUtf8Bytes(value, type)), etag, ttl, JsonBytes.TypeInfo, cancellationToken);
    }

    public ValueTask SaveAsync<T>(string key, T value, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class =>
        _inner.SaveAsync(key, new JsonBytes(JsonSerializer.SerializeToUtf8Bytes(value, type)), ttl, JsonBytes.TypeInfo, cancellationToken);

    private sealed record JsonBytes(byte[] Utf8)
    {
        // Never used to serialize: the in-memory store keeps references.
        public static readonly JsonTypeInfo<JsonBytes> TypeInfo = JsonTypeInfo.CreateJsonTypeInfo<JsonBytes>(new JsonSerializerOptions());
    }
}

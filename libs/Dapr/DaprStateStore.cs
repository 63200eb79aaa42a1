using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dapr.Client;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Dapr;

/// <summary>
/// <see cref="IStateStore"/> over a Dapr state store component. Values are our source-generated JSON (byte APIs, so the
/// SDK's reflection serializer is never used). First-write concurrency: a stale ETag returns false; no ETag (sent as
/// an empty one) inserts only if the key is absent, per the state-store conformance rules. TTL is the per-request
/// <c>ttlInSeconds</c> metadata.
/// </summary>
public sealed class DaprStateStore(DaprClient client, string storeName) : IStateStore
{
    private static readonly StateOptions FirstWrite = new() { Concurrency = ConcurrencyMode.FirstWrite, Consistency = ConsistencyMode.Strong };

    public async ValueTask<StateEntry<T>> GetAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        var (bytes, etag) = await client.GetByteStateAndETagAsync(storeName, key, ConsistencyMode.Strong, cancellationToken: cancellationToken);
        return bytes.IsEmpty ? default : new StateEntry<T>(JsonSerializer.Deserialize(bytes.Span, type), string.IsNullOrEmpty(etag) ? null : etag);
    }

    public async ValueTask<bool> TrySaveAsync<T>(string key, T value, string? etag, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class =>
        await client.TrySaveByteStateAsync(storeName, key, JsonSerializer.SerializeToUtf8Bytes(value, type), etag ?? string.Empty, FirstWrite, Ttl(ttl), cancellationToken);

    public async ValueTask SaveAsync<T>(string key, T value, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class =>
        await client.SaveByteStateAsync(storeName, key, JsonSerializer.SerializeToUtf8Bytes(value, type), metadata: Ttl(ttl), cancellationToken: cancellationToken);

    public static IReadOnlyDictionary<string, string>? Ttl(TimeSpan? ttl) => ttl is { } t
        ? new Dictionary<string, string> { ["ttlInSeconds"] = Math.Max(1, (long)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture) }
        : null;
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dapr.Client;
using DaprPredictor.Pipeline.Seams;
using Grpc.Core;
using DaprException = Dapr.DaprException;

namespace DaprPredictor.Dapr;

/// <summary>
/// <see cref="IStateStore"/> over a Dapr state store component. Values are our source-generated JSON (byte APIs, so the
/// SDK's reflection serializer is never used). First-write concurrency: a stale ETag returns false; no ETag (sent as
/// an empty one) inserts only if the key is absent, per the state-store conformance rules. TTL is the per-request
/// <c>ttlInSeconds</c> metadata.
/// </summary>
/// <remarks>
/// A lost insert is a conflict too, but Dapr does not say so the way it says a stale ETag: daprd answers Aborted (the
/// SDK's false) only for a store's ETag-mismatch error, and an empty ETag is no ETag (<c>SetRequest.HasETag</c>,
/// components-contrib state/requests.go). The conformance suite only asks that the second first-write without ETag
/// fails with some error; <c>state.redis</c>, ours, fails its Lua script with a plain error, which daprd answers with
/// gRPC Internal after its resiliency retries, and the SDK throws. There is no other way to ask Dapr for an insert, so
/// the empty-ETag request stays, and its Internal failure is judged by reading the key back: absent, the failure was
/// real and is rethrown (the delivery is retried); present with our bytes, our write landed (a later step such as the
/// EXPIRE failed) and is kept; present with other bytes, another writer inserted first, and the caller re-reads.
/// </remarks>
public sealed class DaprStateStore(DaprClient client, string storeName) : IStateStore
{
    private static readonly StateOptions FirstWrite = new() { Concurrency = ConcurrencyMode.FirstWrite, Consistency = ConsistencyMode.Strong };

    public async ValueTask<StateEntry<T>> GetAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        var (bytes, etag) = await client.GetByteStateAndETagAsync(storeName, key, ConsistencyMode.Strong, cancellationToken: cancellationToken);
        return bytes.IsEmpty ? default : new StateEntry<T>(JsonSerializer.Deserialize(bytes.Span, type), string.IsNullOrEmpty(etag) ? null : etag);
    }

    public async ValueTask<bool> TrySaveAsync<T>(string key, T value, string? etag, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, type);
        try
        {
            return await client.TrySaveByteStateAsync(storeName, key, bytes, etag ?? string.Empty, FirstWrite, Ttl(ttl), cancellationToken);
        }
        catch (DaprException ex) when (etag is null && ex.InnerException is RpcException { StatusCode: StatusCode.Internal })
        {
            var (stored, _) = await client.GetByteStateAndETagAsync(storeName, key, ConsistencyMode.Strong, cancellationToken: cancellationToken);
            if (stored.IsEmpty) throw;
            return stored.Span.SequenceEqual(bytes);
        }
    }

    public async ValueTask SaveAsync<T>(string key, T value, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class =>
        await client.SaveByteStateAsync(storeName, key, JsonSerializer.SerializeToUtf8Bytes(value, type), metadata: Ttl(ttl), cancellationToken: cancellationToken);

    public static IReadOnlyDictionary<string, string>? Ttl(TimeSpan? ttl) => ttl is { } t
        ? new Dictionary<string, string> { ["ttlInSeconds"] = Math.Max(1, (long)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture) }
        : null;
}

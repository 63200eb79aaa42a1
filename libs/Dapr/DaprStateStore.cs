using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dapr.Client;
using DaprPredictor.Pipeline.Seams;
using Google.Protobuf;
using Grpc.Core;
using Autogen = Dapr.Client.Autogen.Grpc.v1;
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
/// <para>
/// The bulk calls go through <see cref="SidecarGrpc"/>. A bulk save is one SaveState of several items, and daprd answers
/// it with one status however many items failed (dapr/dapr pkg/api/grpc/grpc.go SaveState, pkg/components/state/bulk.go
/// PerformBulkStoreOperation over components-contrib state/bulk.go DoBulkSetDelete: a Set per item, the errors joined):
/// Aborted when the items that failed all failed on their ETag, otherwise, once the resiliency policy has retried the
/// items that failed for another reason, the status of that last attempt, Internal as a rule; the message names keys
/// but is no contract. So after a failed bulk save every key is read back: our bytes mean saved; the ETag read before
/// (or still no key, for an insert) means nobody wrote and our write failed; anything else means another writer won.
/// An OK is trusted without a read-back, which holds only while the state store has no retry policy: under one, daprd
/// answers OK when the retried items land although an item that lost on its ETag was not written (the accumulator of
/// PerformBulkStoreOperation keeps only the keys to retry). components/common/resiliency.yaml has none, and
/// Deployment.ResiliencyTests keeps it so.
/// </para>
/// </remarks>
public sealed class DaprStateStore(DaprClient client, SidecarGrpc sidecar, string storeName) : IStateStore
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

    /// <summary>
    /// GetBulkState. An item daprd could not read carries an error (components-contrib state/bulk.go DoBulkGet): that key
    /// is null here, not missing, so that a window that failed to load is never taken for a new user's.
    /// </summary>
    public async ValueTask<IReadOnlyList<StateEntry<T>?>> GetBulkAsync<T>(IReadOnlyList<string> keys, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        var items = await ReadBulkAsync(keys, cancellationToken);
        var entries = new StateEntry<T>?[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            if (!items.TryGetValue(keys[i], out var item) || item.Error.Length > 0) continue;
            if (item.Data.IsEmpty)
            {
                entries[i] = default(StateEntry<T>);
                continue;
            }

            try
            {
                entries[i] = new StateEntry<T>(JsonSerializer.Deserialize(item.Data.Span, type), item.Etag.Length == 0 ? null : item.Etag);
            }
            catch (JsonException)
            {
                // A value we cannot read fails its own key, not the batch.
            }
        }

        return entries;
    }

    /// <summary>
    /// SaveState of every item, first-write, in as few calls as daprd's body limit allows (one at the defaults); after a
    /// failed call, each of its items' outcome is read back (see the remarks).
    /// </summary>
    public async ValueTask<IReadOnlyList<SaveOutcome>> TrySaveBulkAsync<T>(IReadOnlyList<StateWrite<T>> writes, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        var metadata = Ttl(ttl);
        var items = new Autogen.StateItem[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            items[i] = new Autogen.StateItem
            {
                Key = writes[i].Key,
                Value = UnsafeByteOperations.UnsafeWrap(JsonSerializer.SerializeToUtf8Bytes(writes[i].Value, type)),
                Options = new Autogen.StateOptions
                {
                    Concurrency = Autogen.StateOptions.Types.StateConcurrency.ConcurrencyFirstWrite,
                    Consistency = Autogen.StateOptions.Types.StateConsistency.ConsistencyStrong,
                },
            };
            if (writes[i].ETag is { } etag) items[i].Etag = new Autogen.Etag { Value = etag };
            if (metadata is not null) foreach (var (name, value) in metadata) items[i].Metadata[name] = value;
        }

        var outcomes = new SaveOutcome[writes.Count];
        Exception? failure = null;
        foreach (var run in BulkRuns.Of([.. items.Select(i => i.CalculateSize())], sidecar.MaxRequestBytes))
        {
            var (start, count) = run.GetOffsetAndLength(items.Length);
            failure = await SaveRunAsync(items.AsMemory(start, count), writes.Skip(start).Take(count).Select(w => w.ETag).ToArray(), outcomes.AsMemory(start, count), cancellationToken) ?? failure;
        }

        // Nothing landed and nobody else wrote: the store failed as a whole, and the caller should hear why.
        if (failure is not null && outcomes.All(o => o == SaveOutcome.Failed)) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return outcomes;
    }

    /// <returns>The call's failure, if it failed; its items' outcomes are in <paramref name="outcomes"/> either way.</returns>
    private async Task<Exception?> SaveRunAsync(ReadOnlyMemory<Autogen.StateItem> items, string?[] etags, Memory<SaveOutcome> outcomes, CancellationToken cancellationToken)
    {
        var request = new Autogen.SaveStateRequest { StoreName = storeName };
        request.States.AddRange(items.ToArray());
        try
        {
            await sidecar.Client.SaveStateAsync(request, sidecar.Call(cancellationToken));
            foreach (ref var outcome in outcomes.Span) outcome = SaveOutcome.Saved;
            return null;
        }
        catch (Exception ex) when (ex is RpcException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var stored = await ReadBulkAsync([.. request.States.Select(i => i.Key)], cancellationToken);
            for (var i = 0; i < request.States.Count; i++)
            {
                var written = request.States[i];
                outcomes.Span[i] = !stored.TryGetValue(written.Key, out var item) || item.Error.Length > 0 ? SaveOutcome.Failed
                    : item.Data.Span.SequenceEqual(written.Value.Span) ? SaveOutcome.Saved
                    : (item.Data.IsEmpty ? null : item.Etag) == etags[i] ? SaveOutcome.Failed
                    : SaveOutcome.Conflict;
            }

            return ex;
        }
    }

    /// <summary>
    /// GetBulkState. daprd refuses to send a response over its body limit (ResourceExhausted, pkg/api/grpc/server.go
    /// MaxSendMsgSize); the keys are then read in two halves, and so on, so that windows of any size can be read.
    /// </summary>
    private async Task<Dictionary<string, Autogen.BulkStateItem>> ReadBulkAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var request = new Autogen.GetBulkStateRequest { StoreName = storeName };
        request.Keys.AddRange(keys);
        Autogen.GetBulkStateResponse response;
        try
        {
            response = await sidecar.Client.GetBulkStateAsync(request, sidecar.Call(cancellationToken));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted && keys.Count > 1)
        {
            var half = keys.Count / 2;
            var first = await ReadBulkAsync([.. keys.Take(half)], cancellationToken);
            foreach (var (key, item) in await ReadBulkAsync([.. keys.Skip(half)], cancellationToken)) first[key] = item;
            return first;
        }

        var items = new Dictionary<string, Autogen.BulkStateItem>(response.Items.Count, StringComparer.Ordinal);
        foreach (var item in response.Items) items[item.Key] = item;
        return items;
    }

    public static IReadOnlyDictionary<string, string>? Ttl(TimeSpan? ttl) => ttl is { } t
        ? new Dictionary<string, string> { ["ttlInSeconds"] = Math.Max(1, (long)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture) }
        : null;
}

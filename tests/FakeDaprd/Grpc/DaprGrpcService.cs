using Dapr.Client.Autogen.Grpc.v1;
using DaprPredictor.FakeDaprd.State;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace DaprPredictor.FakeDaprd.Grpc;

/// <summary>
/// The methods of <c>dapr.proto.runtime.v1.Dapr</c> that DaprPredictor and its coming bulk path call, each following
/// daprd's handler in dapr/dapr v1.18.0 pkg/api/grpc/grpc.go (the same in 1.14–1.18 for everything used here, except
/// that the stable BulkPublishEvent exists from 1.17): the component lookup and its errors, the key check, the store,
/// pub/sub or binding call, and daprd's mapping of their failures to gRPC statuses.
/// </summary>
internal sealed class DaprGrpcService(Daprd daprd)
{
    public async Task<GetStateResponse> GetState(GetStateRequest request, ServerCallContext context)
    {
        await daprd.EnterAsync(nameof(GetState), "state.get", context.CancellationToken);
        var store = Store(request.StoreName);
        CheckKey(store, request.Key);
        if (daprd.Fail("state.get:" + request.Key) is { } failure) throw DaprErrors.StateGet(request.Key, store.Name, failure.Detail);
        return store.Get(request.Key) is { } item
            ? new GetStateResponse { Data = UnsafeByteOperations.UnsafeWrap(item.Data), Etag = item.ETag }
            : new GetStateResponse();
    }

    /// <summary>
    /// GetBulkState: every key is checked first (one illegal key fails the call); then the store's BulkGet, which for
    /// state.redis is components-contrib state/bulk.go DoBulkGet: a Get per key, a failed Get becoming that item's error.
    /// A missing key is an item with no data and no ETag.
    /// </summary>
    public async Task<GetBulkStateResponse> GetBulkState(GetBulkStateRequest request, ServerCallContext context)
    {
        await daprd.EnterAsync(nameof(GetBulkState), "state.bulkget", context.CancellationToken);
        var store = Store(request.StoreName);
        var response = new GetBulkStateResponse();
        foreach (var key in request.Keys) CheckKey(store, key);
        foreach (var key in request.Keys)
        {
            var item = new BulkStateItem { Key = key };
            if (daprd.Fail("state.get:" + key) is { } failure)
            {
                item.Error = failure.Detail;
            }
            else if (store.Get(key) is { } stored)
            {
                item.Data = UnsafeByteOperations.UnsafeWrap(stored.Data);
                item.Etag = stored.ETag;
            }

            response.Items.Add(item);
        }

        return response;
    }

    /// <summary>
    /// SaveState: every item is validated first (empty key, illegal key); one item is a Set, several a BulkSet (a Set
    /// each, errors joined). The status comes from getStateErrorCode: Aborted if an ETag mismatched, InvalidArgument if an
    /// ETag was invalid, otherwise Internal. A lost first-write without ETag is Internal (see <see cref="RedisStateStore"/>).
    /// daprd retries failures other than ETag errors under the resiliency policy first; the answer is the same, later.
    /// </summary>
    public async Task<Empty> SaveState(SaveStateRequest request, ServerCallContext context)
    {
        await daprd.EnterAsync(nameof(SaveState), "state.save", context.CancellationToken);
        var store = Store(request.StoreName);
        foreach (var item in request.States)
        {
            if (item.Key.Length == 0) throw DaprErrors.EmptyKey();
            CheckKey(store, item.Key);
        }

        var errors = new List<StateStoreException>();
        foreach (var item in request.States)
        {
            try
            {
                store.Set(item.Key, item.Value.Memory, item.Etag?.Value, Concurrency(item.Options), item.Metadata);
                daprd.StateWritten(item.Key, item.Metadata);
            }
            catch (StateStoreException ex)
            {
                errors.Add(ex);
            }
        }

        if (errors.Count == 0) return new Empty();
        var code = errors.Any(e => e.Kind == StateStoreFailure.ETagMismatch) ? StatusCode.Aborted
            : errors.Any(e => e.Kind == StateStoreFailure.ETagInvalid) ? StatusCode.InvalidArgument
            : StatusCode.Internal;
        throw DaprErrors.StateSave(code, store.Name, string.Join('\n', errors.Select(e => e.Message)));
    }

    public async Task<Empty> DeleteState(DeleteStateRequest request, ServerCallContext context)
    {
        await daprd.EnterAsync(nameof(DeleteState), "state.delete", context.CancellationToken);
        var store = Store(request.StoreName);
        CheckKey(store, request.Key);
        try
        {
            store.Delete(request.Key, request.Etag?.Value);
        }
        catch (StateStoreException ex)
        {
            throw DaprErrors.StateDelete(ex.Kind == StateStoreFailure.ETagMismatch ? StatusCode.Aborted : StatusCode.Internal, request.Key, ex.Message);
        }

        return new Empty();
    }

    /// <summary>PublishEvent: validateAndGetPubsubAndTopic, then the broker. The message is recorded as the app sent it.</summary>
    public async Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        await daprd.EnterAsync(nameof(PublishEvent), "publish:" + request.Topic, context.CancellationToken);
        ValidatePubSub(request.PubsubName, request.Topic);
        daprd.RecordPublished(new PublishedMessage(request.PubsubName, request.Topic, request.Data.ToByteArray(), request.DataContentType, new Dictionary<string, string>(request.Metadata)));
        return new Empty();
    }

    /// <summary>
    /// BulkPublishEvent and BulkPublishEventAlpha1 (grpc.go bulkPublishEvent): entry ids must be present and unique. A
    /// broker without native bulk publish (redis, rabbitmq) gets each entry on its own (pkg/runtime/pubsub/default_bulkpub.go);
    /// if any entry fails the call fails with Internal and the failed entries never reach the app, although the
    /// other entries were published. Entries are published concurrently there, so their order is not kept.
    /// </summary>
    public async Task<BulkPublishResponse> BulkPublishEvent(BulkPublishRequest request, ServerCallContext context)
    {
        await daprd.EnterAsync(context.Method[(context.Method.LastIndexOf('/') + 1)..], "bulkpublish:" + request.Topic, context.CancellationToken);
        ValidatePubSub(request.PubsubName, request.Topic);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in request.Entries)
        {
            if (entry.EntryId.Length == 0 || !ids.Add(entry.EntryId)) throw DaprErrors.BulkEntryIdInvalid(request.PubsubName, request.Topic, daprd.Options.AppId);
        }

        string? firstError = null;
        foreach (var entry in request.Entries)
        {
            var metadata = new Dictionary<string, string>(request.Metadata);
            foreach (var (key, value) in entry.Metadata) metadata[key] = value;
            var message = new PublishedMessage(request.PubsubName, request.Topic, entry.Event.ToByteArray(), entry.ContentType, metadata, Bulk: true);
            if (daprd.FailBulkEntry(message) is { } error)
            {
                firstError ??= error;
                continue;
            }

            daprd.RecordPublished(message);
        }

        return firstError is null ? new BulkPublishResponse() : throw DaprErrors.PublishMessage(request.PubsubName, request.Topic, firstError);
    }

    /// <summary>InvokeBinding: any failure of the binding, an unknown name included, is Internal ERR_INVOKE_OUTPUT_BINDING.</summary>
    public async Task<InvokeBindingResponse> InvokeBinding(InvokeBindingRequest request, ServerCallContext context)
    {
        await daprd.EnterAsync(nameof(InvokeBinding), "binding:" + request.Name, context.CancellationToken);
        if (!daprd.Options.Bindings.Contains(request.Name)) throw DaprErrors.InvokeOutputBinding(request.Name, $"couldn't find output binding {request.Name}");
        var call = new BindingCall(request.Name, request.Operation, request.Data.ToByteArray(), new Dictionary<string, string>(request.Metadata));
        daprd.BindingCalled(call);
        ReadOnlyMemory<byte> data;
        try
        {
            data = daprd.OnBinding(call);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw DaprErrors.InvokeOutputBinding(request.Name, ex.Message);
        }

        return new InvokeBindingResponse { Data = ByteString.CopyFrom(data.Span) };
    }

    /// <summary>Shutdown (pkg/api/universal/shutdown.go): daprd answers, then stops; the fake only counts it.</summary>
    public async Task<Empty> Shutdown(ShutdownRequest request, ServerCallContext context)
    {
        await daprd.EnterAsync(nameof(Shutdown), "shutdown", context.CancellationToken);
        return new Empty();
    }

    private RedisStateStore Store(string name)
    {
        if (!daprd.HasAnyStore) throw DaprErrors.StateStoreNotConfigured(name);
        return daprd.TryGetStore(name, out var store) ? store : throw DaprErrors.StateStoreNotFound(name);
    }

    private static void CheckKey(RedisStateStore store, string key)
    {
        if (key.Contains("||", StringComparison.Ordinal)) throw DaprErrors.IllegalKey(store.Name, key);
    }

    private void ValidatePubSub(string pubsub, string topic)
    {
        if (pubsub.Length == 0) throw DaprErrors.PubSubNameEmpty();
        if (!daprd.Options.PubSubs.Contains(pubsub)) throw DaprErrors.PubSubNotFound(pubsub);
        if (topic.Length == 0) throw DaprErrors.TopicEmpty(pubsub);
    }

    // grpc.go stateConcurrencyToString.
    private static WriteConcurrency Concurrency(StateOptions? options) => options?.Concurrency switch
    {
        StateOptions.Types.StateConcurrency.ConcurrencyFirstWrite => WriteConcurrency.FirstWrite,
        StateOptions.Types.StateConcurrency.ConcurrencyLastWrite => WriteConcurrency.LastWrite,
        _ => WriteConcurrency.Unspecified,
    };
}

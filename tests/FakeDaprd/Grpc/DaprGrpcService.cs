using Dapr.Client.Autogen.Grpc.v1;
using DaprPredictor.FakeDaprd.PubSub;
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
    /// SaveState: every item is validated first (empty key, illegal key), then written as
    /// pkg/components/state/bulk.go PerformBulkStoreOperation does under the store's outbound resiliency policy
    /// (<see cref="DaprdOptions.StateRetries"/>): one item is a Set, several a BulkSet (components-contrib state/bulk.go
    /// DoBulkSetDelete: a Set each, the errors joined). An item that failed on its ETag is never retried; the items that
    /// failed otherwise are retried, alone, and the answer is the last attempt's. So a bulk save answers OK when its
    /// retried items end up written, although an item that lost on its ETag in the first attempt was not; and when they
    /// do not, the status is that of the last attempt's errors, in which the ETag losers no longer appear. The status
    /// comes from getStateErrorCode: the first ETag error among the failures decides (mismatch Aborted, invalid
    /// InvalidArgument), otherwise Internal. A lost first-write without ETag is a plain error (see
    /// <see cref="RedisStateStore"/>), so it is retried and ends Internal. "state.set:{key}" in <see cref="Daprd.Fail"/>
    /// fails that item's Set with a plain error, as Redis would, once per attempt it is asked. The policy's pause between
    /// attempts is not waited.
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

        var pending = request.States.ToList();
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            var failures = new List<(StateItem Item, StateStoreException Error)>();
            foreach (var item in pending)
            {
                try
                {
                    if (daprd.Fail("state.set:" + item.Key) is { } injected) throw new StateStoreException(StateStoreFailure.Plain, $"failed to set key {item.Key}: {injected.Detail}");
                    store.Set(item.Key, item.Value.Memory, item.Etag?.Value, Concurrency(item.Options), item.Metadata);
                    daprd.StateWritten(item.Key, item.Metadata);
                }
                catch (StateStoreException ex)
                {
                    failures.Add((item, ex));
                }
            }

            if (failures.Count == 0) break;
            var retriable = failures.Where(f => f.Error.Kind == StateStoreFailure.Plain).Select(f => f.Item).ToList();
            if (retriable.Count == 0 || attempt >= daprd.Options.StateRetries)
            {
                var etag = failures.Select(f => f.Error.Kind).FirstOrDefault(k => k != StateStoreFailure.Plain, StateStoreFailure.Plain);
                var code = etag switch
                {
                    StateStoreFailure.ETagMismatch => StatusCode.Aborted,
                    StateStoreFailure.ETagInvalid => StatusCode.InvalidArgument,
                    _ => StatusCode.Internal,
                };
                var joined = string.Join('\n', failures.Select(f => f.Error.Message));
                // Several items that all failed on their ETag: wrapped once more in an ETag error (bulk.go, backoff.Permanent).
                var message = pending.Count > 1 && retriable.Count == 0
                    ? (etag == StateStoreFailure.ETagInvalid ? "invalid etag value: " : "possible etag mismatch. error from state store: ") + joined
                    : joined;
                throw DaprErrors.StateSave(code, store.Name, message);
            }

            pending = retriable;
        }

        return new Empty();
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

    /// <summary>
    /// PublishEvent: validateAndGetPubsubAndTopic, then the CloudEvent envelope daprd wraps the data in (unless the
    /// metadata says <c>rawPayload</c>), then the broker, with the request metadata as the record's headers. The message
    /// is recorded as the app sent it.
    /// </summary>
    public async Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        await daprd.EnterAsync(nameof(PublishEvent), "publish:" + request.Topic, context.CancellationToken);
        ValidatePubSub(request.PubsubName, request.Topic);
        var metadata = new Dictionary<string, string>(request.Metadata);
        var data = Envelope(request.PubsubName, request.Topic, request.Data.Span, request.DataContentType, metadata, metadata, context);
        daprd.RecordPublished(new PublishedMessage(request.PubsubName, request.Topic, request.Data.ToByteArray(), request.DataContentType, metadata));
        daprd.Broker.Publish(request.PubsubName, request.Topic, data, metadata);
        return new Empty();
    }

    /// <summary>
    /// BulkPublishEvent and BulkPublishEventAlpha1 (grpc.go bulkPublishEvent): entry ids must be present and unique; each
    /// entry gets its own envelope, built with the request metadata merged under the entry's own only when the entry has
    /// metadata of its own (otherwise with none: a request-level <c>cloudevent.type</c> does not reach the envelope). The
    /// Kafka component publishes each entry with the entry's metadata and the request's over it as headers
    /// (components-contrib common/component/kafka/producer.go BulkPublish). Entries the broker refused are tried again,
    /// alone, up to <see cref="DaprdOptions.PublishRetries"/> times (pkg/runtime/pubsub/bulkpublish_resiliency.go, the
    /// accumulator keeps the failed entries; <see cref="Daprd.FailBulkEntry"/> is asked on each attempt). If an entry still
    /// fails, the call fails with Internal and the failed entries never reach the app (grpc.go fills FailedEntries only
    /// when there is no error, which never happens in 1.14–1.18), although the other entries were published.
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

        var published = new List<(PublishedMessage Message, byte[] Data, Dictionary<string, string> Headers)>();
        foreach (var entry in request.Entries)
        {
            var metadata = new Dictionary<string, string>(request.Metadata);
            foreach (var (key, value) in entry.Metadata) metadata[key] = value;
            var headers = new Dictionary<string, string>(entry.Metadata);
            foreach (var (key, value) in request.Metadata) headers[key] = value;
            var envelopeMetadata = entry.Metadata.Count > 0 ? metadata : new Dictionary<string, string>();
            var data = Envelope(request.PubsubName, request.Topic, entry.Event.Span, entry.ContentType, envelopeMetadata, request.Metadata, context);
            published.Add((new PublishedMessage(request.PubsubName, request.Topic, entry.Event.ToByteArray(), entry.ContentType, metadata, Bulk: true), data, headers));
        }

        for (var attempt = 0; ; attempt++)
        {
            string? firstError = null;
            var failed = new List<(PublishedMessage Message, byte[] Data, Dictionary<string, string> Headers)>();
            foreach (var entry in published)
            {
                if (daprd.FailBulkEntry(entry.Message) is { } error)
                {
                    firstError ??= error;
                    failed.Add(entry);
                    continue;
                }

                daprd.RecordPublished(entry.Message);
                daprd.Broker.Publish(request.PubsubName, request.Topic, entry.Data, entry.Headers);
            }

            if (firstError is null) return new BulkPublishResponse();
            if (attempt >= daprd.Options.PublishRetries) throw DaprErrors.PublishMessage(request.PubsubName, request.Topic, firstError);
            published = failed;
        }
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

    /// <summary>
    /// What daprd puts on the broker: the CloudEvent envelope, continuing the caller's trace (the <c>traceparent</c> the
    /// SDK's gRPC channel sends), or with <c>rawPayload</c> the data as it is (grpc.go PublishEvent).
    /// </summary>
    private byte[] Envelope(string pubsub, string topic, ReadOnlySpan<byte> data, string contentType, IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, string> requestMetadata, ServerCallContext context)
    {
        var trace = TraceContext.ChildOf(context.RequestHeaders.GetValue("traceparent"), context.RequestHeaders.GetValue("tracestate"));
        if (requestMetadata.TryGetValue("rawPayload", out var raw) && bool.TryParse(raw, out var isRaw) && isRaw) return data.ToArray();
        return CloudEventEnvelope.Build(daprd.Options.AppId, pubsub, topic, data, contentType, metadata, trace, daprd.Clock.GetUtcNow(), out var error)
            ?? throw DaprErrors.CloudEventCreation(pubsub, daprd.Options.AppId, error!);
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

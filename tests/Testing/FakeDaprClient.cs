// Overrides must match the SDK's signatures exactly, including its nullability, so this file opts out of annotations.
#nullable disable

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Dapr;
using Dapr.Client;
using Grpc.Core;

namespace DaprPredictor.Testing;

/// <summary>
/// Stands in for the sidecar's gRPC side, which cannot run here. State behaves as a Dapr state store does: an ETag per
/// write; first-write with a stale ETag fails (the SDK turns the sidecar's Aborted into <c>false</c>); first-write with an
/// empty ETag only inserts; a key containing <c>||</c> is refused as daprd refuses it; <c>ttlInSeconds</c> expires items on the given clock. Publishes and binding calls are recorded
/// with their metadata; bindings answer through <see cref="OnBinding"/>. Any operation can be made to fail.
/// </summary>
public sealed partial class FakeDaprClient(TimeProvider clock) : DaprClient
{
    private readonly ConcurrentDictionary<(string Store, string Key), Item> _state = new();
    private readonly ConcurrentQueue<PublishedMessage> _published = new();
    private readonly ConcurrentQueue<BindingRequest> _bindings = new();
    private long _version;

    public FakeDaprClient() : this(TimeProvider.System)
    {
    }

    /// <summary>Return an exception to make an operation fail: "state.get", "state.save", "publish:{topic}", "binding:{name}".</summary>
    public Func<string, Exception> Fail { get; set; } = _ => null;

    public Func<BindingRequest, ReadOnlyMemory<byte>> OnBinding { get; set; } = _ => "null"u8.ToArray();

    public IReadOnlyList<PublishedMessage> Published => [.. _published];

    public IReadOnlyList<BindingRequest> BindingRequests => [.. _bindings];

    public IEnumerable<PublishedMessage> PublishedTo(string topic) => _published.Where(m => m.Topic == topic);

    /// <summary>The TTL each key was last written with, as sent in metadata.</summary>
    public ConcurrentDictionary<string, string> LastTtl { get; } = new();

    public int StateWrites => (int)Interlocked.Read(ref _version);

    public override JsonSerializerOptions JsonSerializerOptions { get; } = new(JsonSerializerDefaults.Web);

    public override Task<bool> CheckHealthAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    public override Task<(ReadOnlyMemory<byte>, string etag)> GetByteStateAndETagAsync(string storeName, string key, ConsistencyMode? consistencyMode = default, IReadOnlyDictionary<string, string> metadata = default, CancellationToken cancellationToken = default)
    {
        Throw("state.get");
        CheckKey(key);
        return Task.FromResult(_state.TryGetValue((storeName, key), out var item) && Live(item)
            ? ((ReadOnlyMemory<byte>)item.Value, item.ETag)
            : (ReadOnlyMemory<byte>.Empty, string.Empty));
    }

    public override async Task<ReadOnlyMemory<byte>> GetByteStateAsync(string storeName, string key, ConsistencyMode? consistencyMode = default, IReadOnlyDictionary<string, string> metadata = default, CancellationToken cancellationToken = default) =>
        (await GetByteStateAndETagAsync(storeName, key, consistencyMode, metadata, cancellationToken)).Item1;

    public override Task<bool> TrySaveByteStateAsync(string storeName, string key, ReadOnlyMemory<byte> binaryValue, string etag, StateOptions stateOptions = default, IReadOnlyDictionary<string, string> metadata = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(etag);
        Throw("state.save");
        CheckKey(key);
        var firstWrite = stateOptions?.Concurrency == ConcurrencyMode.FirstWrite;
        var item = NewItem(key, binaryValue, metadata);
        while (true)
        {
            if (!_state.TryGetValue((storeName, key), out var existing) || !Live(existing))
            {
                if (firstWrite && etag.Length > 0) return Task.FromResult(false); // nothing stored under that ETag
                if (existing is null ? _state.TryAdd((storeName, key), item) : _state.TryUpdate((storeName, key), item, existing)) return Task.FromResult(true);
                continue;
            }

            if (firstWrite && (etag.Length == 0 || etag != existing.ETag)) return Task.FromResult(false);
            if (_state.TryUpdate((storeName, key), item, existing)) return Task.FromResult(true);
            if (firstWrite) return Task.FromResult(false);
        }
    }

    public override Task SaveByteStateAsync(string storeName, string key, ReadOnlyMemory<byte> binaryValue, StateOptions stateOptions = default, IReadOnlyDictionary<string, string> metadata = default, CancellationToken cancellationToken = default)
    {
        Throw("state.save");
        CheckKey(key);
        _state[(storeName, key)] = NewItem(key, binaryValue, metadata);
        return Task.CompletedTask;
    }

    public override Task PublishByteEventAsync(string pubsubName, string topicName, ReadOnlyMemory<byte> data, string dataContentType = default, Dictionary<string, string> metadata = default, CancellationToken cancellationToken = default)
    {
        Throw("publish:" + topicName);
        _published.Enqueue(new PublishedMessage(pubsubName, topicName, data.ToArray(), dataContentType, metadata is null ? new Dictionary<string, string>() : new Dictionary<string, string>(metadata)));
        return Task.CompletedTask;
    }

    public override Task<BindingResponse> InvokeBindingAsync(BindingRequest request, CancellationToken cancellationToken = default)
    {
        Throw("binding:" + request.BindingName);
        _bindings.Enqueue(request);
        var metadata = new Dictionary<string, string> { ["operation"] = request.Operation };
        if (request.Metadata.TryGetValue("sql", out var sql)) metadata["sql"] = sql;
        return Task.FromResult(new BindingResponse(request, OnBinding(request), metadata));
    }

    /// <summary>Puts a value straight into the store, as another writer would.</summary>
    public void Seed(string storeName, string key, byte[] value) => _state[(storeName, key)] = NewItem(key, value, null);

    private Item NewItem(string key, ReadOnlyMemory<byte> value, IReadOnlyDictionary<string, string> metadata)
    {
        DateTimeOffset? expires = null;
        if (metadata is not null && metadata.TryGetValue("ttlInSeconds", out var ttl))
        {
            LastTtl[key] = ttl;
            var seconds = long.Parse(ttl, CultureInfo.InvariantCulture);
            if (seconds >= 0) expires = clock.GetUtcNow().AddSeconds(seconds);
        }

        return new Item(value.ToArray(), Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture), expires);
    }

    private bool Live(Item item) => item.Expires is not { } at || clock.GetUtcNow() < at;

    /// <summary>
    /// daprd refuses a key containing its separator <c>||</c> before the store sees it (dapr/dapr
    /// pkg/components/state/state_config.go <c>checkKeyIllegal</c>, answered as gRPC InvalidArgument
    /// DAPR_STATE_ILLEGAL_KEY, Dapr 1.14–1.18); the SDK wraps the RpcException in a DaprException.
    /// </summary>
    private static void CheckKey(string key)
    {
        if (key.Contains("||", StringComparison.Ordinal))
        {
            throw new DaprException(
                "State operation failed: the Dapr endpoint indicated a failure. See InnerException for details.",
                new RpcException(new Status(StatusCode.InvalidArgument, $"input key/keyPrefix '{key}' can't contain '||'")));
        }
    }

    private void Throw(string operation)
    {
        if (Fail(operation) is { } failure) throw failure;
    }

    private sealed class Item(byte[] value, string etag, DateTimeOffset? expires)
    {
        public byte[] Value { get; } = value;

        public string ETag { get; } = etag;

        public DateTimeOffset? Expires { get; } = expires;
    }
}

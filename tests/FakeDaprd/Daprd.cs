using System.Collections.Concurrent;
using DaprPredictor.FakeDaprd.State;
using Grpc.Core;

namespace DaprPredictor.FakeDaprd;

/// <summary>
/// What a fake daprd holds and records, and how a test steers it: the state stores, the published messages, the binding
/// calls, the apps reachable by service invocation, and failure injection. Served over gRPC and HTTP by
/// <see cref="Hosting.DaprdHost"/> (or by any ASP.NET Core host through <see cref="Hosting.DaprdEndpoints"/>).
/// </summary>
public sealed class Daprd
{
    private readonly Dictionary<string, RedisStateStore> _stores;
    private readonly ConcurrentQueue<PublishedMessage> _published = new();
    private readonly ConcurrentQueue<BindingCall> _bindings = new();
    private readonly ConcurrentDictionary<string, InvokeTarget> _apps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _lastTtl = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
    private long _stateWrites;

    public Daprd(TimeProvider? clock = null, DaprdOptions? options = null)
    {
        Clock = clock ?? TimeProvider.System;
        Options = options ?? new DaprdOptions();
        _stores = Options.StateStores.ToDictionary(n => n, n => new RedisStateStore(n, Clock), StringComparer.Ordinal);
    }

    public DaprdOptions Options { get; }

    public TimeProvider Clock { get; }

    /// <summary>
    /// Return a status to make an operation fail as daprd or the connection to it would: "state.get", "state.bulkget",
    /// "state.save", "state.delete", "publish:{topic}", "bulkpublish:{topic}", "binding:{name}", "invoke:{appId}",
    /// "healthz", "healthz/outbound". "state.get:{key}" fails the store's read of one key instead (GetState answers
    /// daprd's ERR_STATE_GET, GetBulkState a per-key error).
    /// </summary>
    public Func<string, Status?> Fail { get; set; } = _ => null;

    /// <summary>Awaited before each call is served, with the operation name as for <see cref="Fail"/>: lets a test hold calls to force an interleaving.</summary>
    public Func<string, CancellationToken, Task>? BeforeCall { get; set; }

    /// <summary>The output bindings' answer (the response data). An exception is the binding's error.</summary>
    public Func<BindingCall, ReadOnlyMemory<byte>> OnBinding { get; set; } = _ => ReadOnlyMemory<byte>.Empty;

    /// <summary>The broker's error for one entry of a bulk publish (null: published).</summary>
    public Func<PublishedMessage, string?> FailBulkEntry { get; set; } = _ => null;

    /// <summary>Keep every published message and binding call (off for long load runs).</summary>
    public bool Record { get; set; } = true;

    public IReadOnlyList<PublishedMessage> Published => [.. _published];

    public IEnumerable<PublishedMessage> PublishedTo(string topic) => _published.Where(m => m.Topic == topic);

    public IReadOnlyList<BindingCall> BindingRequests => [.. _bindings];

    /// <summary>The <c>ttlInSeconds</c> each key was last written with.</summary>
    public IReadOnlyDictionary<string, string> LastTtl => _lastTtl;

    /// <summary>State writes that succeeded.</summary>
    public int StateWrites => (int)Interlocked.Read(ref _stateWrites);

    /// <summary>Calls received, by gRPC method or HTTP route ("GetState", "SaveState", "healthz", "invoke", ...).</summary>
    public IReadOnlyDictionary<string, long> Calls => _calls;

    public long TotalCalls => _calls.Values.Sum();

    /// <summary>Shutdown requests received (the simulator asks its sidecar to stop at the end of a run).</summary>
    public int ShutdownRequests => (int)(_calls.TryGetValue("Shutdown", out var n) ? n : 0);

    public RedisStateStore StateStore(string name = "statestore") => _stores[name];

    /// <summary>Puts a value straight into a store, as another writer would.</summary>
    public StoredState Seed(string storeName, string key, byte[] value, TimeSpan? ttl = null) => _stores[storeName].Seed(key, value, ttl);

    /// <summary>Makes <paramref name="appId"/> reachable through <c>/v1.0/invoke/{appId}/method/...</c>.</summary>
    /// <param name="appApiToken">The app's APP_API_TOKEN, which its sidecar sends as <c>dapr-api-token</c>.</param>
    public void MapApp(string appId, HttpMessageHandler handler, Uri? baseAddress = null, string? appApiToken = null) =>
        _apps[appId] = new InvokeTarget(new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }, baseAddress ?? new Uri("http://localhost"), appApiToken);

    public void MapApp(string appId, Uri baseAddress, string? appApiToken = null) =>
        _apps[appId] = new InvokeTarget(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, baseAddress, appApiToken);

    internal InvokeTarget? App(string appId) => _apps.TryGetValue(appId, out var app) ? app : null;

    internal bool TryGetStore(string name, out RedisStateStore store) => _stores.TryGetValue(name, out store!);

    internal bool HasAnyStore => _stores.Count > 0;

    /// <summary>Counts the call, runs <see cref="BeforeCall"/> and throws the injected failure, if any.</summary>
    internal async ValueTask EnterAsync(string method, string operation, CancellationToken cancellationToken)
    {
        Count(method);
        if (BeforeCall is { } before) await before(operation, cancellationToken);
        if (Fail(operation) is { } status) throw new RpcException(status);
    }

    internal void Count(string method) => _calls.AddOrUpdate(method, 1, static (_, n) => n + 1);

    internal void RecordPublished(PublishedMessage message)
    {
        if (Record) _published.Enqueue(message);
    }

    internal void BindingCalled(BindingCall call)
    {
        if (Record) _bindings.Enqueue(call);
    }

    internal void StateWritten(string key, IReadOnlyDictionary<string, string> metadata)
    {
        Interlocked.Increment(ref _stateWrites);
        if (metadata.TryGetValue(RedisStateStore.TtlMetadata, out var ttl)) _lastTtl[key] = ttl;
    }

    internal sealed record InvokeTarget(HttpClient Client, Uri BaseAddress, string? AppApiToken);
}

using System.Collections.Concurrent;
using DaprPredictor.FakeDaprd.PubSub;
using DaprPredictor.FakeDaprd.State;
using Grpc.Core;

namespace DaprPredictor.FakeDaprd;

/// <summary>
/// What a fake daprd holds and records, and how a test steers it: the state stores, the published messages, the binding
/// calls, the apps reachable by service invocation, its own app (subscriptions and deliveries), and failure injection.
/// Served over gRPC and HTTP by <see cref="Hosting.DaprdHost"/> (or by any ASP.NET Core host through
/// <see cref="Hosting.DaprdEndpoints"/>). The broker and the state stores live in <see cref="Backends"/>, which
/// several sidecars can share.
/// </summary>
public sealed class Daprd
{
    private readonly Dictionary<string, RedisStateStore> _stores;
    private readonly ConcurrentQueue<PublishedMessage> _published = new();
    private readonly ConcurrentQueue<BindingCall> _bindings = new();
    private readonly ConcurrentDictionary<string, InvokeTarget> _apps = new(StringComparer.Ordinal);
    private readonly List<AppSubscription> _subscriptions = [];
    private readonly ConcurrentDictionary<string, string> _lastTtl = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
    private long _stateWrites;

    /// <param name="backends">The broker and state stores, shared with other sidecars; by default this sidecar's own.</param>
    public Daprd(TimeProvider? clock = null, DaprdOptions? options = null, Backends? backends = null)
    {
        Clock = clock ?? TimeProvider.System;
        Options = options ?? new DaprdOptions();
        Backends = backends ?? new Backends(Clock);
        _stores = Options.StateStores.ToDictionary(n => n, Backends.StateStore, StringComparer.Ordinal);
    }

    public Backends Backends { get; }

    public Broker Broker => Backends.Broker;

    public DaprdOptions Options { get; }

    public TimeProvider Clock { get; }

    /// <summary>
    /// Return a status to make an operation fail as daprd or the connection to it would: "state.get", "state.bulkget",
    /// "state.save", "state.delete", "publish:{topic}", "bulkpublish:{topic}", "binding:{name}", "invoke:{appId}",
    /// "healthz", "healthz/outbound". "state.get:{key}" fails the store's read of one key instead (GetState answers
    /// daprd's ERR_STATE_GET, GetBulkState a per-key error); "state.set:{key}" fails one item's write with a plain
    /// store error (asked again on each attempt of the state retry policy).
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

    /// <summary>
    /// Calls this sidecar served or made, by name: from its app, gRPC methods and HTTP routes ("GetState", "SaveState",
    /// "PublishEvent", "healthz", "invoke", ...); to its app, "ListSubscriptions" (GET /dapr/subscribe), "Deliver" and
    /// "DeliverBulk" (one per HTTP delivery), and "CallLocal" (an invocation another sidecar forwarded to this one's app).
    /// </summary>
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
        _apps[appId] = new InvokeTarget(Channel(handler, baseAddress, appApiToken), null);

    public void MapApp(string appId, Uri baseAddress, string? appApiToken = null) =>
        _apps[appId] = new InvokeTarget(Channel(baseAddress, appApiToken), null);

    /// <summary>
    /// Makes <paramref name="appId"/> reachable through <paramref name="calleeSidecar"/>, as daprd reaches another app
    /// through that app's daprd: the call is forwarded to the callee sidecar's app (<see cref="ConnectApp(Uri, string?)"/>)
    /// and counted by both sidecars ("invoke" here, "CallLocal" there).
    /// </summary>
    public void MapApp(string appId, Daprd calleeSidecar) => _apps[appId] = new InvokeTarget(null, calleeSidecar);

    /// <summary>This sidecar's own app (daprd's <c>--app-port</c>): where deliveries and forwarded invocations go.</summary>
    public void ConnectApp(Uri baseAddress, string? appApiToken = null) => AppChannel = Channel(baseAddress, appApiToken);

    public void ConnectApp(HttpMessageHandler handler, Uri? baseAddress = null, string? appApiToken = null) => AppChannel = Channel(handler, baseAddress, appApiToken);

    /// <summary>
    /// Asks the app for its subscriptions (<c>GET /dapr/subscribe</c>, as daprd does once the app listens:
    /// pkg/runtime/pubsub/subscriptions.go GetSubscriptionsHTTP) and starts delivering each subscribed topic's messages
    /// from the broker. A 404 means no subscriptions; another status is logged by daprd and also means none.
    /// </summary>
    /// <exception cref="InvalidOperationException">No app is connected, or its answer does not decode.</exception>
    /// <exception cref="NotSupportedException">A subscription uses what the fake does not reproduce (CEL routing rules, raw payloads).</exception>
    public async Task<IReadOnlyList<Subscription>> SubscribeAppAsync(CancellationToken cancellationToken = default)
    {
        var app = AppChannel ?? throw new InvalidOperationException("Connect the sidecar's app first (ConnectApp).");
        Count("ListSubscriptions");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseAddress, "/dapr/subscribe"));
        request.Content = new ByteArrayContent([]);
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (app.AppApiToken is { } token) request.Headers.TryAddWithoutValidation("dapr-api-token", token);
        using var response = await app.Client.SendAsync(request, cancellationToken);
        if (response.StatusCode != System.Net.HttpStatusCode.OK) return [];
        var subscriptions = SubscriptionReader.Read(await response.Content.ReadAsByteArrayAsync(cancellationToken))
            .Where(s => Options.PubSubs.Contains(s.PubSubName))
            .ToList();
        lock (_subscriptions)
        {
            foreach (var subscription in subscriptions)
            {
                var consumer = new AppSubscription(this, app, subscription);
                consumer.Group = Broker.Join(subscription.PubSubName, subscription.Topic, Options.AppId, consumer, subscription.BulkSubscribe);
                _subscriptions.Add(consumer);
            }
        }

        return subscriptions;
    }

    /// <summary>What each subscription of this sidecar delivered so far.</summary>
    public IReadOnlyList<SubscriptionStats> SubscriptionStats
    {
        get
        {
            lock (_subscriptions) return [.. _subscriptions.Select(s => s.Stats())];
        }
    }

    /// <summary>Stops delivering: the consumer groups leave the broker (messages in flight stay unacknowledged).</summary>
    public async Task StopDeliveriesAsync()
    {
        AppSubscription[] subscriptions;
        lock (_subscriptions)
        {
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
        }

        foreach (var subscription in subscriptions)
        {
            if (subscription.Group is not { } group) continue;
            Broker.Leave(group);
            await group.DisposeAsync();
        }
    }

    internal AppChannel? AppChannel { get; private set; }

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

    private static AppChannel Channel(HttpMessageHandler handler, Uri? baseAddress, string? appApiToken) =>
        new(new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan }, baseAddress ?? new Uri("http://localhost"), appApiToken);

    private static AppChannel Channel(Uri baseAddress, string? appApiToken) =>
        new(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan }, baseAddress, appApiToken);

    /// <summary>An app reached directly (<paramref name="Direct"/>) or through its own sidecar (<paramref name="Via"/>).</summary>
    internal sealed record InvokeTarget(AppChannel? Direct, Daprd? Via)
    {
        public AppChannel? Channel => Via is { } sidecar ? sidecar.AppChannel : Direct;
    }
}

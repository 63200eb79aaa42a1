using System.Net.Sockets;
using DaprPredictor.FakeDaprd.Bindings;
using DaprPredictor.FakeDaprd.Hosting;
using DaprPredictor.FakeDaprd.PubSub;

namespace DaprPredictor.FakeDaprd.Host;

/// <summary>
/// The sidecars of a multi-app run: one fake daprd per app on its fixed ports, every one loading the components
/// DaprPredictor deploys (statestore, pubsub, purchases-db) over one shared <see cref="Backends"/>, each app reachable
/// from every sidecar through its own sidecar (so both count an invocation), and each sidecar asking its app for its
/// subscriptions once the app listens, as daprd waits for <c>--app-port</c>.
/// </summary>
internal sealed class SidecarSet : IAsyncDisposable
{
    public const string StateStore = "statestore";
    public const string PubSub = "pubsub";
    public const string PurchasesBinding = "purchases-db";

    private readonly List<(SidecarSpec Spec, DaprdHost Host)> _sidecars = [];
    private readonly HashSet<string> _subscribed = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _subscribing = [];

    private SidecarSet(Backends backends, MySqlBindingEmulator? mysql) => (Backends, MySql) = (backends, mysql);

    public Backends Backends { get; }

    public MySqlBindingEmulator? MySql { get; }

    public IEnumerable<(SidecarSpec Spec, Daprd Daprd)> Sidecars => _sidecars.Select(s => (s.Spec, s.Host.Daprd));

    /// <summary>True once every sidecar with an app port has read its app's subscriptions.</summary>
    public bool Ready
    {
        get
        {
            lock (_subscribed) return _sidecars.Where(s => s.Spec.AppPort is not null).All(s => _subscribed.Contains(s.Spec.AppId));
        }
    }

    public bool Subscribed(string appId)
    {
        lock (_subscribed) return _subscribed.Contains(appId);
    }

    public static async Task<SidecarSet> StartAsync(SidecarsOptions options, TextWriter log)
    {
        var backends = new Backends(broker: new BrokerOptions { Partitions = options.Partitions });
        var mysql = options.MySqlConnectionString is { } connection ? new MySqlBindingEmulator(connection) : null;
        var set = new SidecarSet(backends, mysql);
        foreach (var spec in options.Sidecars)
        {
            var daprd = new Daprd(options: new DaprdOptions
            {
                AppId = spec.AppId,
                StateStores = [StateStore],
                PubSubs = [PubSub],
                Bindings = [PurchasesBinding],
            }, backends: backends)
            {
                Record = false, // a load run publishes millions of messages
                OnBinding = call => mysql is not null
                    ? mysql.Answer(call)
                    : throw new InvalidOperationException("dial tcp 127.0.0.1:3306: connect: connection refused (the fake was started without --mysql)"),
            };
            if (spec.AppPort is { } port) daprd.ConnectApp(new Uri($"http://127.0.0.1:{port}"));
            set._sidecars.Add((spec, await DaprdHost.StartAsync(daprd, spec.GrpcPort, spec.HttpPort)));
            await log.WriteLineAsync($"{spec.AppId}: gRPC {spec.GrpcPort}, HTTP {spec.HttpPort}{(spec.AppPort is { } p ? $", app on {p}" : ", no app port")}");
        }

        foreach (var (caller, callerHost) in set._sidecars)
        {
            foreach (var (callee, calleeHost) in set._sidecars) callerHost.Daprd.MapApp(callee.AppId, calleeHost.Daprd);
        }

        foreach (var (spec, host) in set._sidecars.Where(s => s.Spec.AppPort is not null))
        {
            set._subscribing.Add(set.SubscribeWhenListeningAsync(spec, host.Daprd, log));
        }

        return set;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_subscribing);
        }
        catch (OperationCanceledException)
        {
            // stopped before the app came up
        }

        foreach (var (_, host) in _sidecars) await host.DisposeAsync();
        _stop.Dispose();
    }

    /// <summary>Waits for the app's port to accept connections, then reads its subscriptions (retrying while the app starts).</summary>
    private async Task SubscribeWhenListeningAsync(SidecarSpec spec, Daprd daprd, TextWriter log)
    {
        var token = _stop.Token;
        while (true)
        {
            try
            {
                using (var probe = new TcpClient()) await probe.ConnectAsync("127.0.0.1", spec.AppPort!.Value, token);
                var subscriptions = await daprd.SubscribeAppAsync(token);
                lock (_subscribed) _subscribed.Add(spec.AppId);
                await log.WriteLineAsync($"{spec.AppId}: subscribed to {(subscriptions.Count == 0 ? "nothing" : string.Join(", ", subscriptions.Select(s => $"{s.Topic} → {s.Route}{(s.BulkSubscribe is { } b ? $" (bulk {b.MessagesPerBatch}/{b.AwaitDuration.TotalMilliseconds} ms)" : "")}")))}");
                return;
            }
            catch (Exception ex) when (ex is SocketException or HttpRequestException && !token.IsCancellationRequested)
            {
                await Task.Delay(200, token);
            }
        }
    }
}

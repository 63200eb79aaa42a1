using System.Globalization;
using System.Text.Json;
using Dapr.Client;
using DaprPredictor.Benchmarks.Infrastructure;
using DaprPredictor.Contracts;

namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>
/// The Dapr path as processes, as <c>dapr run -f .</c> starts it (dapr.yaml), with the fake daprd in place of daprd:
/// one fake daprd process (tests/FakeDaprd.Host) holding a sidecar per app on the ports of <see cref="PortPlan"/>, its
/// MySQL binding on the session's MariaDB; the three services started from their built dlls with the environment
/// dapr.yaml gives them, the feature extractor in the rig's <see cref="PipelineMode"/>; and the rig's own app, which
/// publishes page views through its sidecar and receives the predictions and dead letters through it.
/// </summary>
internal sealed class DaprPathRig : IAsyncDisposable
{
    public const string RigAppId = "load-rig";
    public const string FakeDaprdName = "fake daprd";

    private static readonly string[] AppIds = [Topology.FeatureExtractorAppId, Topology.OfflineFeaturesAppId, Topology.ScorerAppId, RigAppId];

    private readonly List<HostProcess> _processes = [];

    private DaprPathRig(PipelineMode mode, PortPlan ports) => (Mode, Ports) = (mode, ports);

    public PipelineMode Mode { get; }

    public PortPlan Ports { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public PredictionSink Sink { get; private set; } = null!;

    public DaprClient Publisher { get; private set; } = null!;

    /// <summary>The rig's processes whose CPU a run reports: the three services (by app id) and the fake daprd.</summary>
    public IReadOnlyList<(string Name, int ProcessId)> Processes => [.. _processes.Select(p => (p.Name, p.ProcessId))];

    public Uri Stats => new($"http://127.0.0.1:{Ports.Control}/fake/stats");

    public Uri FeatureExtractorMetrics => new($"http://127.0.0.1:{Ports.FeatureExtractor}/metrics");

    public static async Task<DaprPathRig> StartAsync(PipelineMode mode, PortPlan ports, string model, OfflineStoreServer offlineStore, int partitions, TextWriter log)
    {
        ports.EnsureFree();
        var rig = new DaprPathRig(mode, ports);
        try
        {
            await rig.StartCoreAsync(model, offlineStore, partitions, log);
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Publisher?.Dispose();
        foreach (var process in Enumerable.Reverse(_processes)) await process.DisposeAsync();
        if (Sink is not null) await Sink.DisposeAsync();
        Http.Dispose();
    }

    private async Task StartCoreAsync(string model, OfflineStoreServer offlineStore, int partitions, TextWriter log)
    {
        await log.WriteLineAsync($"Starting the {Mode.Name} rig on ports {Ports.Base}+.");
        var sidecars = AppIds.Select((id, i) => $"{id}:{Ports.SidecarHttp(i)}:{Ports.SidecarGrpc(i)}:{AppPort(id)}");
        var fake = Start(FakeDaprdName, HostProcess.Dll(Path.Combine("tests", "FakeDaprd.Host"), "DaprPredictor.FakeDaprd.Host"),
            [.. sidecars.SelectMany(s => new[] { "--app", s }), "--control-port", Ports.Control.ToString(CultureInfo.InvariantCulture),
             "--partitions", partitions.ToString(CultureInfo.InvariantCulture), "--mysql", offlineStore.ConnectionString],
            new Dictionary<string, string?>());
        await fake.WaitUntilHealthyAsync(Stats, TimeSpan.FromMinutes(1));

        Sink = await PredictionSink.StartAsync(Ports.Sink);
        var services = new[]
        {
            StartService(Topology.FeatureExtractorAppId, "feature-extractor", "DaprPredictor.FeatureExtractor", new(Mode.Environment)),
            StartService(Topology.OfflineFeaturesAppId, "offline-features", "DaprPredictor.OfflineFeatures", []),
            StartService(Topology.ScorerAppId, "scorer", "DaprPredictor.Scorer", new() { ["Scorer__ModelPath"] = model }),
        };
        foreach (var (service, id) in services.Zip(AppIds)) await service.WaitUntilHealthyAsync(new Uri($"http://127.0.0.1:{AppPort(id)}/health"), TimeSpan.FromMinutes(2));
        await fake.WaitUntilHealthyAsync(new Uri($"http://127.0.0.1:{Ports.Control}/fake/ready"), TimeSpan.FromMinutes(1));
        await EnsureSubscriptionMatchesModeAsync();

        var rigSidecar = Array.IndexOf(AppIds, RigAppId);
        Publisher = new DaprClientBuilder()
            .UseGrpcEndpoint($"http://127.0.0.1:{Ports.SidecarGrpc(rigSidecar)}")
            .UseHttpEndpoint($"http://127.0.0.1:{Ports.SidecarHttp(rigSidecar)}")
            .Build();
        await log.WriteLineAsync($"Running ({Mode.Name}): {string.Join(", ", Processes.Select(m => $"{m.Name} (pid {m.ProcessId})"))}.");
    }

    /// <summary>
    /// The feature extractor's subscription to page-views, as the fake daprd read it from GET /dapr/subscribe, must be bulk
    /// exactly when the mode is: a build without the bulk route ignores PageViews:Bulk and would be measured as single.
    /// </summary>
    private async Task EnsureSubscriptionMatchesModeAsync()
    {
        using var stats = JsonDocument.Parse(await Http.GetStringAsync(Stats));
        var subscription = stats.RootElement.GetProperty("sidecars").EnumerateArray()
            .Where(s => s.GetProperty("appId").GetString() == Topology.FeatureExtractorAppId)
            .SelectMany(s => s.GetProperty("subscriptions").EnumerateArray())
            .Where(s => s.GetProperty("topic").GetString() == Topology.PageViewsTopic)
            .Select(s => (bool?)s.GetProperty("bulk").GetBoolean())
            .FirstOrDefault() ?? throw new InvalidOperationException($"The feature extractor did not subscribe to {Topology.PageViewsTopic}.");
        if (subscription != Mode.Bulk)
        {
            throw new InvalidOperationException(Mode.Bulk
                ? $"The feature extractor subscribed to {Topology.PageViewsTopic} without bulkSubscribe although PageViews__Bulk__Enabled=true: this build has no bulk route."
                : $"The feature extractor bulk-subscribed to {Topology.PageViewsTopic} although PageViews__Bulk__Enabled=false.");
        }
    }

    private int AppPort(string appId) => appId switch
    {
        Topology.FeatureExtractorAppId => Ports.FeatureExtractor,
        Topology.OfflineFeaturesAppId => Ports.OfflineFeatures,
        Topology.ScorerAppId => Ports.Scorer,
        _ => Ports.Sink,
    };

    /// <summary>dapr.yaml's environment for an app: its address, and where its sidecar is (what `dapr run` sets).</summary>
    private HostProcess StartService(string appId, string directory, string assembly, Dictionary<string, string?> extra)
    {
        var index = Array.IndexOf(AppIds, appId);
        var environment = new Dictionary<string, string?>(extra, StringComparer.Ordinal)
        {
            ["URLS"] = $"http://127.0.0.1:{AppPort(appId)}",
            ["APP_ID"] = appId,
            ["APP_PORT"] = AppPort(appId).ToString(CultureInfo.InvariantCulture),
            ["DAPR_HTTP_PORT"] = Ports.SidecarHttp(index).ToString(CultureInfo.InvariantCulture),
            ["DAPR_GRPC_PORT"] = Ports.SidecarGrpc(index).ToString(CultureInfo.InvariantCulture),
            ["DAPR_API_TOKEN"] = null,
            ["APP_API_TOKEN"] = null,
        };
        return Start(appId, HostProcess.Dll(Path.Combine("services", directory), assembly), [], environment);
    }

    private HostProcess Start(string name, string dll, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var process = HostProcess.Start(name, dll, arguments, environment);
        _processes.Add(process);
        return process;
    }
}

using System.Diagnostics;
using System.Globalization;
using Dapr.Client;
using DaprPredictor.Benchmarks.Infrastructure;
using DaprPredictor.Contracts;
using MySqlConnector;

namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>
/// The Dapr path as processes, as <c>dapr run -f .</c> starts it (dapr.yaml), with the fake daprd in place of daprd: a
/// model trained by the training CLI, the offline store in a real MariaDB (scripts/mariadb/start.sh) which the fake's
/// MySQL binding queries, one fake daprd process holding a sidecar per app (ports from <see cref="PortPlan"/>), the
/// three services started from their built dlls with the environment dapr.yaml gives them, and the rig's own app, which
/// publishes page views through its sidecar and receives the predictions and dead letters through it.
/// </summary>
internal sealed class DaprPathRig : IAsyncDisposable
{
    public const string RigAppId = "load-rig";

    private static readonly string[] AppIds = [Topology.FeatureExtractorAppId, Topology.OfflineFeaturesAppId, Topology.ScorerAppId, RigAppId];

    private readonly List<DotnetProcess> _processes = [];
    private readonly TextWriter _log;
    private string? _mariaDbDirectory;
    private bool _removeMariaDb;

    private DaprPathRig(PortPlan ports, TextWriter log) => (Ports, _log) = (ports, log);

    public PortPlan Ports { get; }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public PredictionSink Sink { get; private set; } = null!;

    public DaprClient Publisher { get; private set; } = null!;

    /// <summary>The processes whose CPU a run reports: the three services, the fake daprd, MariaDB and this one.</summary>
    public IReadOnlyList<(string Name, int ProcessId)> Measured { get; private set; } = [];

    public Uri Stats => new($"http://127.0.0.1:{Ports.Control}/fake/stats");

    public Uri FeatureExtractorMetrics => new($"http://127.0.0.1:{Ports.FeatureExtractor}/metrics");

    public static async Task<DaprPathRig> StartAsync(DaprPathOptions options, TextWriter log)
    {
        options.Ports.EnsureFree(exceptMariaDb: true);
        var rig = new DaprPathRig(options.Ports, log);
        try
        {
            await rig.StartCoreAsync(options);
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
        MySqlConnection.ClearAllPools();
        if (_mariaDbDirectory is not null)
        {
            var arguments = _removeMariaDb ? new[] { "--dir", _mariaDbDirectory, "--remove" } : ["--dir", _mariaDbDirectory];
            await Script.RunAsync("scripts/mariadb/stop.sh", arguments);
        }

        Http.Dispose();
    }

    private async Task StartCoreAsync(DaprPathOptions options)
    {
        var model = await EnsureModelAsync(options.ModelDirectory, options.TrainingUsers);
        var mysql = await StartMariaDbAsync(options, Path.Combine(options.ModelDirectory, "offline-seed.sql"));

        var sidecars = AppIds.Select((id, i) => $"{id}:{Ports.SidecarHttp(i)}:{Ports.SidecarGrpc(i)}:{AppPort(id)}");
        var fake = Start("fake daprd", DotnetProcess.Dll(Path.Combine("tests", "FakeDaprd.Host"), "DaprPredictor.FakeDaprd.Host"),
            [.. sidecars.SelectMany(s => new[] { "--app", s }), "--control-port", Ports.Control.ToString(CultureInfo.InvariantCulture),
             "--partitions", options.Partitions.ToString(CultureInfo.InvariantCulture), "--mysql", mysql.ConnectionString],
            new Dictionary<string, string?>());
        await fake.WaitUntilHealthyAsync(Stats, TimeSpan.FromMinutes(1));

        Sink = await PredictionSink.StartAsync(Ports.Sink);
        var services = new[]
        {
            StartService(Topology.FeatureExtractorAppId, "feature-extractor", "DaprPredictor.FeatureExtractor", []),
            StartService(Topology.OfflineFeaturesAppId, "offline-features", "DaprPredictor.OfflineFeatures", []),
            StartService(Topology.ScorerAppId, "scorer", "DaprPredictor.Scorer", new() { ["Scorer__ModelPath"] = model }),
        };
        foreach (var (service, id) in services.Zip(AppIds)) await service.WaitUntilHealthyAsync(new Uri($"http://127.0.0.1:{AppPort(id)}/health"), TimeSpan.FromMinutes(2));
        await fake.WaitUntilHealthyAsync(new Uri($"http://127.0.0.1:{Ports.Control}/fake/ready"), TimeSpan.FromMinutes(1));

        var rigSidecar = Array.IndexOf(AppIds, RigAppId);
        Publisher = new DaprClientBuilder()
            .UseGrpcEndpoint($"http://127.0.0.1:{Ports.SidecarGrpc(rigSidecar)}")
            .UseHttpEndpoint($"http://127.0.0.1:{Ports.SidecarHttp(rigSidecar)}")
            .Build();
        Measured =
        [
            .. services.Zip(AppIds).Select(s => (s.Second, s.First.ProcessId)),
            ("fake daprd", fake.ProcessId),
            ("mariadb", mysql.ProcessId),
            ("rig", Environment.ProcessId),
        ];
        await _log.WriteLineAsync($"Running: {string.Join(", ", Measured.Select(m => $"{m.Name} (pid {m.ProcessId})"))}.");
    }

    private int AppPort(string appId) => appId switch
    {
        Topology.FeatureExtractorAppId => Ports.FeatureExtractor,
        Topology.OfflineFeaturesAppId => Ports.OfflineFeatures,
        Topology.ScorerAppId => Ports.Scorer,
        _ => Ports.Sink,
    };

    /// <summary>dapr.yaml's environment for an app: its address, and where its sidecar is (what `dapr run` sets).</summary>
    private DotnetProcess StartService(string appId, string directory, string assembly, Dictionary<string, string?> extra)
    {
        var index = Array.IndexOf(AppIds, appId);
        var environment = new Dictionary<string, string?>(extra, StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{AppPort(appId)}",
            ["APP_ID"] = appId,
            ["APP_PORT"] = AppPort(appId).ToString(CultureInfo.InvariantCulture),
            ["DAPR_HTTP_PORT"] = Ports.SidecarHttp(index).ToString(CultureInfo.InvariantCulture),
            ["DAPR_GRPC_PORT"] = Ports.SidecarGrpc(index).ToString(CultureInfo.InvariantCulture),
            ["DAPR_API_TOKEN"] = null,
            ["APP_API_TOKEN"] = null,
        };
        return Start(appId, DotnetProcess.Dll(Path.Combine("services", directory), assembly), [], environment);
    }

    private DotnetProcess Start(string name, string dll, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var process = DotnetProcess.Start(name, dll, arguments, environment);
        _processes.Add(process);
        return process;
    }

    /// <summary>The model and offline-store seed the training CLI writes; trained once into the directory when missing.</summary>
    private async Task<string> EnsureModelAsync(string directory, int users)
    {
        var model = Path.Combine(directory, "model.zip");
        if (File.Exists(model) && File.Exists(Path.Combine(directory, "offline-seed.sql"))) return model;
        await _log.WriteLineAsync($"Training a model of {users:N0} synthetic users into {directory} with the training CLI.");
        var training = DotnetProcess.Start("training", DotnetProcess.Dll("training", "DaprPredictor.Training"),
            ["--output", directory, "--users", users.ToString(CultureInfo.InvariantCulture)], new Dictionary<string, string?>());
        await using (training) await training.WaitForExitAsync(TimeSpan.FromMinutes(20));

        return File.Exists(model) ? model : throw new InvalidOperationException($"Training wrote no model to {directory}:{Environment.NewLine}{training.Output}");
    }

    private async Task<(string ConnectionString, int ProcessId)> StartMariaDbAsync(DaprPathOptions options, string seed)
    {
        const string Database = "offline", User = "dapr", Password = "dapr-rig";
        _mariaDbDirectory = options.MariaDbDirectory;
        _removeMariaDb = options.RemoveMariaDb;
        await _log.WriteLineAsync($"Starting MariaDB on port {Ports.MariaDb} ({options.MariaDbDirectory}) and loading {seed}.");
        var output = await Script.RunAsync("scripts/mariadb/start.sh",
            ["--dir", options.MariaDbDirectory, "--port", Ports.MariaDb.ToString(CultureInfo.InvariantCulture), "--database", Database, "--user", User, "--password", Password, "--seed", seed]);
        var values = output.Split('\n').Select(l => l.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1].Trim(), StringComparer.Ordinal);
        // The Go driver behind bindings.mysql sends server-side prepared statements: so does the emulator (IgnorePrepare off).
        var connection = new MySqlConnectionStringBuilder
        {
            Server = "127.0.0.1",
            Port = (uint)Ports.MariaDb,
            UserID = User,
            Password = Password,
            Database = Database,
            IgnorePrepare = false,
            SslMode = MySqlSslMode.None,
        };
        return (connection.ConnectionString, int.Parse(values["MARIADB_PID"], CultureInfo.InvariantCulture));
    }

    /// <summary>Runs a repository script with bash; its stdout, or an exception with its stderr when it fails.</summary>
    private static class Script
    {
        public static async Task<string> RunAsync(string script, IEnumerable<string> arguments)
        {
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(BenchmarkModel.RepositoryRoot, script));
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {script}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode == 0 ? await stdout : throw new InvalidOperationException($"{script} failed ({process.ExitCode}):{Environment.NewLine}{await stderr}");
        }
    }
}

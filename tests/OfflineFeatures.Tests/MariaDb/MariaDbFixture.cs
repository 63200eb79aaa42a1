using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DaprPredictor.ModelTraining;
using MySqlConnector;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace DaprPredictor.OfflineFeatures.Tests.MariaDb;

/// <summary>
/// A real MariaDB started by scripts/mariadb/start.sh (which installs it from Debian when missing) on a free loopback port,
/// loaded with an offline-seed.sql written by training's own writer from <see cref="OfflineStoreData"/>. When MariaDB
/// cannot be installed or started, every test of the collection fails with the script's error: these tests never skip.
/// </summary>
public sealed class MariaDbFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    private const string DirectoryPrefix = "dp-mariadb-";
    private const string OwnerFile = "owner.pid";

    public OfflineStoreData Data { get; } = OfflineStoreData.Create();

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"{DirectoryPrefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");

    public int Port { get; private set; }

    public TimeSpan StartTime { get; private set; }

    /// <summary>Text protocol: MySqlConnector interpolates the parameters into the statement on the client.</summary>
    public string TextProtocol => Connection(prepared: false);

    /// <summary>Binary protocol: server-side prepared statements with string parameters, as the Go driver behind the Dapr binding sends them.</summary>
    public string PreparedProtocol => Connection(prepared: true);

    public async Task InitializeAsync()
    {
        await StopAbandonedServersAsync();
        var clock = Stopwatch.StartNew();
        System.IO.Directory.CreateDirectory(Directory);
        await File.WriteAllTextAsync(Path.Combine(Directory, OwnerFile), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var seed = new OutputFiles(System.IO.Directory.CreateDirectory(Path.Combine(Directory, "seed")).FullName);
        seed.WritePurchases(Data.Purchases);

        Port = FreePort();
        await RunScriptAsync("start.sh", TimeSpan.FromMinutes(15),
            "--dir", Directory, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--database", Database, "--user", User, "--password", Password, "--seed", seed.OfflineSeedSql);
        StartTime = clock.Elapsed;
        diagnostics.OnMessage(new DiagnosticMessage($"MariaDB ready on 127.0.0.1:{Port} with {Data.Purchases.Count} purchases in {StartTime.TotalSeconds:0.0}s"));
    }

    public async Task DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        await RunScriptAsync("stop.sh", TimeSpan.FromMinutes(1), "--dir", Directory, "--remove");
    }

    public MySqlConnection Open(bool prepared)
    {
        var connection = new MySqlConnection(Connection(prepared));
        connection.Open();
        return connection;
    }

    private const string Database = "offline";
    private const string User = "dapr";
    private const string Password = "dapr-test";

    private string Connection(bool prepared) => new MySqlConnectionStringBuilder
    {
        Server = "127.0.0.1",
        Port = (uint)Port,
        UserID = User,
        Password = Password,
        Database = Database,
        IgnorePrepare = !prepared,
        SslMode = MySqlSslMode.None,
    }.ConnectionString;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "mariadb", "start.sh"))) return dir.FullName;
        }

        throw new InvalidOperationException($"No scripts/mariadb/start.sh above {AppContext.BaseDirectory}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A test host that died never ran <see cref="DisposeAsync"/>: stop the servers it left behind.</summary>
    private static async Task StopAbandonedServersAsync()
    {
        foreach (var dir in System.IO.Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var owner = Path.Combine(dir, OwnerFile);
            if (!File.Exists(owner) || !int.TryParse(await File.ReadAllTextAsync(owner), out var pid) || IsAlive(pid)) continue;
            await RunScriptAsync("stop.sh", TimeSpan.FromMinutes(1), "--dir", dir, "--remove");
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task RunScriptAsync(string script, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, "scripts", "mariadb", script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start bash for scripts/mariadb/{script}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"scripts/mariadb/{script} did not finish within {timeout.TotalMinutes} minutes:\n{await stderr}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/mariadb/{script} failed with exit code {process.ExitCode}:\n{await stderr}\n{await stdout}");
        }
    }
}

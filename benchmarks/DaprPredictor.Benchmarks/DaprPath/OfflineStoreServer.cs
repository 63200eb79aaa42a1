using System.Globalization;
using DaprPredictor.Benchmarks.Infrastructure;
using MySqlConnector;

namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>
/// The offline store in a real MariaDB (scripts/mariadb/start.sh, which installs it from Debian when missing), loaded with
/// the training CLI's seed; the fake daprd's MySQL binding queries it as bindings.mysql would. One serves every rig of a session.
/// </summary>
internal sealed class OfflineStoreServer : IAsyncDisposable
{
    private const string Database = "offline", User = "dapr", Password = "dapr-rig";

    private readonly string _directory;
    private readonly bool _remove;

    private OfflineStoreServer(string directory, bool remove, string connectionString, int processId) =>
        (_directory, _remove, ConnectionString, ProcessId) = (directory, remove, connectionString, processId);

    /// <summary>MySqlConnector syntax, with server-side prepared statements as the Go driver behind bindings.mysql sends them.</summary>
    public string ConnectionString { get; }

    public int ProcessId { get; }

    /// <param name="remove">Delete the data directory when stopped (a test's temporary one); otherwise the next session reuses it.</param>
    public static async Task<OfflineStoreServer> StartAsync(string directory, int port, string seed, bool remove, TextWriter log)
    {
        await log.WriteLineAsync($"Starting MariaDB on port {port} ({directory}) and loading {seed}.");
        var output = await RepositoryScript.RunAsync("scripts/mariadb/start.sh",
            ["--dir", directory, "--port", port.ToString(CultureInfo.InvariantCulture), "--database", Database, "--user", User, "--password", Password, "--seed", seed]);
        var values = output.Split('\n').Select(l => l.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1].Trim(), StringComparer.Ordinal);
        var connection = new MySqlConnectionStringBuilder
        {
            Server = "127.0.0.1",
            Port = (uint)port,
            UserID = User,
            Password = Password,
            Database = Database,
            IgnorePrepare = false,
            SslMode = MySqlSslMode.None,
        };
        return new OfflineStoreServer(directory, remove, connection.ConnectionString, int.Parse(values["MARIADB_PID"], CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        MySqlConnection.ClearAllPools();
        await RepositoryScript.RunAsync("scripts/mariadb/stop.sh", _remove ? ["--dir", _directory, "--remove"] : ["--dir", _directory]);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace DaprPredictor.Benchmarks.Infrastructure;

/// <summary>
/// One of our hosts as its own Release process (the built dll, Production, listening on <c>URLS</c>), optionally pinned
/// to a core with taskset, started and awaited until <c>/health</c> answers 2xx.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log;

    private HostProcess(Process process, Uri baseAddress, ConcurrentQueue<string> log) => (_process, BaseAddress, _log) = (process, baseAddress, log);

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the process wrote so far (standard output and error).</summary>
    public IEnumerable<string> Log => _log;

    /// <param name="project">The service folder under services/, e.g. "scorer".</param>
    /// <param name="cpu">The core to pin the process to, or null to let it use every core.</param>
    public static async Task<HostProcess> StartAsync(string project, string assembly, int port, int? cpu, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var dll = Path.Combine(BenchmarkModel.RepositoryRoot, "services", project, "bin", "Release", "net10.0", assembly + ".dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build it first: dotnet build -c Release services/{project} (looked for {dll}).", dll);

        var start = new ProcessStartInfo(cpu is null ? "dotnet" : "taskset")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, // so that its appsettings.json (logging levels) applies
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (cpu is { } core) foreach (var argument in new[] { "-c", core.ToString(CultureInfo.InvariantCulture), "dotnet" }) start.ArgumentList.Add(argument);
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        // URLS, not ASPNETCORE_URLS: app configuration from the environment outranks the "Urls" of appsettings.json.
        start.Environment["URLS"] = baseAddress.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("APP_API_TOKEN");
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (name, value) in environment) start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {assembly}.");
        var log = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var host = new HostProcess(process, baseAddress, log);
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited) break;
            try
            {
                using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
                if (health.IsSuccessStatusCode) return host;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // not answering yet
            }

            await Task.Delay(200);
        }

        await host.DisposeAsync();
        throw new InvalidOperationException($"{assembly} did not become healthy:{Environment.NewLine}{string.Join(Environment.NewLine, log)}");
    }

    /// <summary>User plus system CPU time of the process so far, from /proc (clock ticks of 1/100 s).</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Resident set size now (VmRSS of /proc/{pid}/status), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

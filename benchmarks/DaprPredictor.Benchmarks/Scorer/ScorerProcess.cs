using System.Diagnostics;
using System.Globalization;
using DaprPredictor.Benchmarks.Infrastructure;

namespace DaprPredictor.Benchmarks.Scorer;

/// <summary>The Release scorer as its own process (the built dll), pinned to one core with taskset.</summary>
internal sealed class ScorerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ScorerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static async Task<ScorerProcess> StartAsync(string modelPath, int port, int cpu, IReadOnlyDictionary<string, string> environment)
    {
        var dll = Path.Combine(BenchmarkModel.RepositoryRoot, "services", "scorer", "bin", "Release", "net10.0", "DaprPredictor.Scorer.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the scorer first: dotnet build -c Release services/scorer (looked for {dll}).", dll);

        var start = new ProcessStartInfo("taskset")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, // so that its appsettings.json (logging levels) applies
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-c", cpu.ToString(CultureInfo.InvariantCulture), "dotnet", dll }) start.ArgumentList.Add(argument);
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        // URLS, not ASPNETCORE_URLS: app configuration from the environment outranks the "Urls" of appsettings.json.
        start.Environment["URLS"] = baseAddress.ToString();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Scorer__ModelPath"] = modelPath;
        start.Environment.Remove("APP_API_TOKEN");
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (name, value) in environment) start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the scorer.");
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var scorer = new ScorerProcess(process, baseAddress);
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited) break;
            try
            {
                using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
                if (health.IsSuccessStatusCode) return scorer;
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

        await scorer.DisposeAsync();
        throw new InvalidOperationException($"The scorer did not become healthy:{Environment.NewLine}{string.Join(Environment.NewLine, log)}");
    }

    /// <summary>User plus system CPU time of the scorer so far, from /proc (clock ticks of 1/100 s).</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
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

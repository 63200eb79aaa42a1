using System.Globalization;
using DaprPredictor.Benchmarks.Infrastructure;

namespace DaprPredictor.Benchmarks.Scorer;

/// <summary>The Release scorer as its own process (the built dll), pinned to one core with taskset.</summary>
internal sealed class ScorerProcess : IAsyncDisposable
{
    private readonly DotnetProcess _process;

    private ScorerProcess(DotnetProcess process, Uri baseAddress) => (_process, BaseAddress) = (process, baseAddress);

    public Uri BaseAddress { get; }

    public int ProcessId => _process.ProcessId;

    public static async Task<ScorerProcess> StartAsync(string modelPath, int port, int cpu, IReadOnlyDictionary<string, string> environment)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // URLS, not ASPNETCORE_URLS: app configuration from the environment outranks the "Urls" of appsettings.json.
            ["URLS"] = baseAddress.ToString(),
            ["Scorer__ModelPath"] = modelPath,
            ["APP_API_TOKEN"] = null,
        };
        foreach (var (name, value) in environment) variables[name] = value;
        var process = DotnetProcess.Start("the scorer", DotnetProcess.Dll(Path.Combine("services", "scorer"), "DaprPredictor.Scorer"), [], variables, cpu.ToString(CultureInfo.InvariantCulture));
        var scorer = new ScorerProcess(process, baseAddress);
        try
        {
            await process.WaitUntilHealthyAsync(new Uri(baseAddress, "/health"), TimeSpan.FromSeconds(60));
            return scorer;
        }
        catch
        {
            await scorer.DisposeAsync();
            throw;
        }
    }

    /// <summary>User plus system CPU time of the scorer so far, from /proc (clock ticks of 1/100 s).</summary>
    public double CpuSeconds() => _process.CpuSeconds();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}

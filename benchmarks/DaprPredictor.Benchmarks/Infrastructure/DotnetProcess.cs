using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace DaprPredictor.Benchmarks.Infrastructure;

/// <summary>
/// A built .NET app (its dll) run as its own process, optionally pinned to cores with taskset, its output kept (the last
/// lines) for error messages, its CPU time read from /proc.
/// </summary>
internal sealed class DotnetProcess : IAsyncDisposable
{
    private const int KeptLines = 200;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private DotnetProcess(string name, Process process)
    {
        (Name, _process) = (name, process);
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote (stdout and stderr).</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>The configuration this benchmark was built in, for finding the apps built next to it.</summary>
    public static string Configuration { get; } = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    /// <summary>The dll of a project in the repository, built in <see cref="Configuration"/>.</summary>
    public static string Dll(string projectDirectory, string assemblyName)
    {
        var dll = Path.Combine(BenchmarkModel.RepositoryRoot, projectDirectory, "bin", Configuration, "net10.0", assemblyName + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build it first: dotnet build -c {Configuration} {projectDirectory} (looked for {dll}).", dll);
    }

    /// <param name="cpus">taskset's CPU list (e.g. "0" or "0,1"); null runs unpinned.</param>
    public static DotnetProcess Start(string name, string dll, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, string? cpus = null)
    {
        var start = new ProcessStartInfo(cpus is null ? "dotnet" : "taskset")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, // so that its appsettings.json applies
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (cpus is not null) foreach (var a in new[] { "-c", cpus, "dotnet" }) start.ArgumentList.Add(a);
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (variable, value) in environment)
        {
            if (value is null) start.Environment.Remove(variable);
            else start.Environment[variable] = value;
        }

        return new DotnetProcess(name, Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}."));
    }

    /// <summary>Polls <paramref name="url"/> until it answers 2xx; fails with the process's output if it exits or times out.</summary>
    public async Task WaitUntilHealthyAsync(Uri url, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !_process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync(url);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not answering yet
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"{Name} did not answer {url} within {timeout.TotalSeconds:F0} s{(_process.HasExited ? $" (it exited with {_process.ExitCode})" : "")}:{Environment.NewLine}{Output}");
    }

    /// <summary>Waits for the process to exit; false if it still runs after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>User plus system CPU time of the process so far, from /proc (clock ticks of 1/100 s).</summary>
    public double CpuSeconds() => CpuSecondsOf(_process.Id);

    public static double CpuSecondsOf(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
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

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > KeptLines) _output.TryDequeue(out _);
    }
}

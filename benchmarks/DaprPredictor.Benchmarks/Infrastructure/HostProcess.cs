using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace DaprPredictor.Benchmarks.Infrastructure;

/// <summary>
/// A built .NET app of the repository (its dll, in the configuration the benchmarks were built in) run as its own
/// process, Production, optionally pinned to cores with taskset; its output kept (the last lines) for error messages,
/// its CPU time and resident set read from /proc. <see cref="StartAsync"/> starts one of our hosts on a port and waits
/// until its <c>/health</c> answers; <see cref="Start"/> starts any app (the fake daprd, the training CLI). With
/// <see cref="LogDirectoryVariable"/> set, each process's whole output is also written to a file there, for reading a
/// rig's services' logs after a run (the kept lines are only the last ones).
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    /// <summary>The environment variable naming a directory to write each process's whole output to (<c>name-pid.log</c>).</summary>
    public const string LogDirectoryVariable = "DAPRPREDICTOR_RIG_LOGS";

    private const int KeptLines = 500;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly Uri? _baseAddress;
    private readonly StreamWriter? _file;
    private bool _fileClosed;

    private HostProcess(string name, Process process, Uri? baseAddress)
    {
        (Name, _process, _baseAddress) = (name, process, baseAddress);
        if (Environment.GetEnvironmentVariable(LogDirectoryVariable) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            var file = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{string.Join('-', name.Split(Path.GetInvalidFileNameChars().Append(' ').ToArray()))}-{process.Id}.log"));
            _file = new StreamWriter(file, append: false) { AutoFlush = true };
        }

        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    /// <summary>Where a host started by <see cref="StartAsync"/> listens.</summary>
    public Uri BaseAddress => _baseAddress ?? throw new InvalidOperationException($"{Name} was not started as a host on a port.");

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote (standard output and error).</summary>
    public IEnumerable<string> Log => _log;

    /// <summary>The configuration these benchmarks were built in, for finding the apps built next to them.</summary>
    public static string Configuration { get; } = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    /// <summary>The dll of a project in the repository, built in <see cref="Configuration"/>.</summary>
    public static string Dll(string projectDirectory, string assemblyName)
    {
        var dll = Path.Combine(BenchmarkModel.RepositoryRoot, projectDirectory, "bin", Configuration, "net10.0", assemblyName + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build it first: dotnet build -c {Configuration} {projectDirectory} (looked for {dll}).", dll);
    }

    /// <summary>
    /// One of our hosts (services/<paramref name="project"/>) listening on <c>URLS</c> = 127.0.0.1:<paramref name="port"/>,
    /// without APP_API_TOKEN, once its <c>/health</c> answers 2xx (within 2 minutes).
    /// </summary>
    /// <param name="cpu">The core to pin the process to, or null to let it use every core.</param>
    public static async Task<HostProcess> StartAsync(string project, string assembly, int port, int? cpu, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        // URLS, not ASPNETCORE_URLS: app configuration from the environment outranks the "Urls" of appsettings.json.
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal) { ["URLS"] = baseAddress.ToString(), ["APP_API_TOKEN"] = null };
        foreach (var (name, value) in environment) variables[name] = value;
        var host = Start(project, Dll(Path.Combine("services", project), assembly), arguments, variables, cpu?.ToString(CultureInfo.InvariantCulture), baseAddress);
        try
        {
            await host.WaitUntilHealthyAsync(new Uri(baseAddress, "/health"), TimeSpan.FromMinutes(2));
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <param name="environment">Variables to set; a null value removes one the benchmark's own environment has.</param>
    /// <param name="cpus">taskset's CPU list (e.g. "0" or "0,1"); null runs unpinned.</param>
    public static HostProcess Start(string name, string dll, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, string? cpus = null, Uri? baseAddress = null)
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

        return new HostProcess(name, Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}."), baseAddress);
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

        throw new InvalidOperationException($"{Name} did not answer {url} within {timeout.TotalSeconds:F0} s{(_process.HasExited ? $" (it exited with {_process.ExitCode})" : "")}:{Environment.NewLine}{string.Join(Environment.NewLine, _log)}");
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
        if (_file is not null)
        {
            lock (_file)
            {
                _fileClosed = true;
                _file.Dispose();
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        if (_file is not null)
        {
            lock (_file)
            {
                if (!_fileClosed) _file.WriteLine(line);
            }
        }

        _log.Enqueue(line);
        while (_log.Count > KeptLines) _log.TryDequeue(out _);
    }
}

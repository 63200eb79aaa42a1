using System.Diagnostics;
using System.Globalization;
using System.Net;
using DaprPredictor.Benchmarks.Infrastructure;

namespace DaprPredictor.Benchmarks.Scorer;

/// <summary>
/// POST /score against the Release scorer in its own process on one core, with the load generated on another core:
/// closed loop (wrk and this harness) for requests/s per server core, then open loop at a fixed rate for latency.
/// </summary>
internal static class HttpLoadCommand
{
    private const string PinnedVariable = "DAPRPREDICTOR_BENCHMARK_PINNED";

    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new Arguments(args);
        if (arguments.Has("help"))
        {
            Console.WriteLine("""
                http [--model PATH] [--port 5390] [--server-cpu 0] [--client-cpu 1] [--runs 5] [--batch 1]
                     [--closed-tools wrk,harness] [--closed-connections 32] [--closed-seconds 10]
                     [--rate 2000] [--open-connections 16] [--open-seconds 20] [--warmup-seconds 15]
                     [--quiet-wait 120] [--server-env NAME=VALUE,...]
                Each run first waits (at most --quiet-wait seconds) for the machine to be idle, and reports how much CPU
                other processes took while it ran.
                """);
            return 0;
        }

        var serverCpu = arguments.Int("server-cpu", 0);
        var clientCpu = arguments.Int("client-cpu", 1);

        // The whole generator, every thread of it, must stay off the server's core: start over under taskset.
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable(PinnedVariable) != "1")
        {
            return await RerunPinnedAsync(clientCpu, args);
        }

        var modelPath = BenchmarkModel.Ensure(arguments.String("model"));
        var port = arguments.Int("port", 5390);
        var runs = arguments.Int("runs", 5);
        var tools = (arguments.String("closed-tools") ?? (Wrk.IsInstalled ? "wrk,harness" : "harness")).Split(',');
        var closedConnections = arguments.Ints("closed-connections", [32]);
        var closedSeconds = TimeSpan.FromSeconds(arguments.Int("closed-seconds", 10));
        var rate = arguments.Double("rate", 2000);
        var openConnections = arguments.Int("open-connections", 16);
        var openSeconds = TimeSpan.FromSeconds(arguments.Int("open-seconds", 20));
        var warmup = TimeSpan.FromSeconds(arguments.Int("warmup-seconds", 15));
        var quietWait = TimeSpan.FromSeconds(arguments.Int("quiet-wait", 120));
        var batch = arguments.Int("batch", 1);
        var serverEnvironment = (arguments.String("server-env") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : string.Empty, StringComparer.Ordinal);
        arguments.EnsureAllRead();

        PrintMachine(serverCpu, clientCpu);
        await using var scorer = await ScorerProcess.StartAsync(modelPath, port, serverCpu, serverEnvironment);
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        var bodies = Bodies(batch);
        var requests = bodies.Select(b => LoopbackConnection.PostJson(endpoint, "/score", b)).ToArray();
        Console.WriteLine($"scorer pid {scorer.ProcessId} on core {serverCpu}{(serverEnvironment.Count > 0 ? " with " + string.Join(' ', serverEnvironment.Select(e => $"{e.Key}={e.Value}")) : string.Empty)}; generator on core {clientCpu}; {batch} vector(s) per request, {bodies[0].Length} B body");

        // Server warm-up: tiered compilation up to optimized code with PGO, thread pool growth, connections.
        LoadGenerator.ClosedLoop(endpoint, requests, 32, TimeSpan.Zero, warmup);

        var closed = new List<ClosedRun>();
        foreach (var connections in closedConnections)
        {
            for (var run = 1; run <= runs; run++)
            {
                foreach (var tool in tools)
                {
                    var quiet = await MachineLoad.WaitForQuietAsync(quietWait);
                    var meter = new DisturbanceMeter(scorer.CpuSeconds);
                    var clock = Stopwatch.StartNew();
                    double requestsPerSecond;
                    long errors;
                    string latency;
                    if (tool == "wrk")
                    {
                        (requestsPerSecond, errors, _) = await Wrk.RunAsync(new Uri(scorer.BaseAddress, "/score"), bodies[0], connections, closedSeconds, clientCpu);
                        latency = string.Empty;
                    }
                    else
                    {
                        var result = LoadGenerator.ClosedLoop(endpoint, requests, connections, TimeSpan.Zero, closedSeconds);
                        (requestsPerSecond, errors, latency) = (result.RequestsPerSecond, result.Errors, $"  latency {result.Latency}");
                    }

                    var others = meter.OtherCores(clock.Elapsed);
                    var perCpuSecond = requestsPerSecond * closedSeconds.TotalSeconds / meter.ServerCpuSeconds;
                    closed.Add(new ClosedRun(tool, connections, requestsPerSecond, perCpuSecond, others));
                    Console.WriteLine(Invariant($"closed {tool,-7} c={connections,3} run {run}: {requestsPerSecond,9:N0} req/s  {perCpuSecond,9:N0} per server CPU-second  errors {errors}  other load {others:F2} cores{(quiet ? string.Empty : " (no quiet moment)")}{latency}"));
                }
            }
        }

        var open = new List<OpenRun>();
        for (var run = 1; run <= runs; run++)
        {
            var quiet = await MachineLoad.WaitForQuietAsync(quietWait);
            var meter = new DisturbanceMeter(scorer.CpuSeconds);
            var clock = Stopwatch.StartNew();
            var result = LoadGenerator.OpenLoop(endpoint, requests, rate, openConnections, warmup, openSeconds);
            var others = meter.OtherCores(clock.Elapsed);
            var busy = meter.ServerCpuSeconds / clock.Elapsed.TotalSeconds;
            open.Add(new OpenRun(result, others));
            Console.WriteLine(Invariant($"open   {rate:N0} req/s run {run}: errors {result.Errors}, server core {busy:P0} busy, other load {others:F2} cores{(quiet ? string.Empty : " (no quiet moment)")}"));
            Console.WriteLine($"       latency  {result.Latency}");
            Console.WriteLine($"       send lag {result.SendLag}");
        }

        PrintSummary(runs, rate, closed, open, batch);
        return 0;
    }

    /// <summary>Runs during which other processes used more than this many cores are reported apart.</summary>
    private const double DisturbedAbove = 0.10;

    private static void PrintSummary(int runs, double rate, List<ClosedRun> closed, List<OpenRun> open, int batch)
    {
        Console.WriteLine();
        Console.WriteLine($"Summary: medians of {runs} runs (all runs / runs where other processes used < {DisturbedAbove:F2} cores). The server has one core, so req/s is per server core.");
        foreach (var group in closed.GroupBy(c => (c.Tool, c.Connections)))
        {
            var clean = group.Where(g => g.OtherCores < DisturbedAbove).ToArray();
            Console.WriteLine(Invariant($"  closed {group.Key.Tool,-7} c={group.Key.Connections,3}: {Stats.Median(group.Select(g => g.RequestsPerSecond)),9:N0} / {Stats.Median(clean.Select(g => g.RequestsPerSecond)),9:N0} req/s ({clean.Length} clean); per server CPU-second {Stats.Median(group.Select(g => g.PerCpuSecond)),9:N0} / {Stats.Median(clean.Select(g => g.PerCpuSecond)),9:N0}"));
        }

        var all = Percentiles.Median(open.Select(o => o.Result.Latency).ToArray());
        var cleanOpen = open.Where(o => o.OtherCores < DisturbedAbove).Select(o => o.Result.Latency).ToArray();
        var cleanLatency = cleanOpen.Length > 0 ? Percentiles.Median(cleanOpen) : null;
        Console.WriteLine(Invariant($"  open {rate:N0} req/s, all runs:   p50 {all.P50:F0} µs, p99 {all.P99:F0} µs, p99.9 {all.P999:F0} µs, max {all.Max:F0} µs; errors {open.Sum(o => o.Result.Errors)}"));
        if (cleanLatency is not null)
        {
            Console.WriteLine(Invariant($"  open {rate:N0} req/s, {cleanOpen.Length} clean runs: p50 {cleanLatency.P50:F0} µs, p99 {cleanLatency.P99:F0} µs, p99.9 {cleanLatency.P999:F0} µs, max {cleanLatency.Max:F0} µs"));
        }

        // The targets are stated for one vector per request, what the feature extractor sends.
        if (batch != 1) return;
        var best = closed.GroupBy(c => (c.Tool, c.Connections)).Select(g => Stats.Median(g.Select(x => x.RequestsPerSecond))).DefaultIfEmpty(0).Max();
        Console.WriteLine(Invariant($"  target >= 15,000 req/s per core (median of all runs, best tool/concurrency): {(best >= 15_000 ? "met" : "missed")} ({best:N0})"));
        Console.WriteLine(Invariant($"  target p99 <= 1 ms at {rate:N0} req/s (median of all runs): {(all.P99 <= 1000 ? "met" : "missed")} ({all.P99:F0} µs)"));
    }

    private sealed record ClosedRun(string Tool, int Connections, double RequestsPerSecond, double PerCpuSecond, double OtherCores);

    private sealed record OpenRun(LoadResult Result, double OtherCores);

    /// <summary>Request bodies from real vectors, formatted as a client would (shortest round-trip floats).</summary>
    private static string[] Bodies(int batch)
    {
        var vectors = BenchmarkModel.Vectors(64 * batch);
        return Enumerable.Range(0, 64).Select(i =>
        {
            string Vector(float[] v) => "[" + string.Join(',', v.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "]";
            return batch == 1
                ? $"{{\"featureSchemaVersion\":1,\"features\":{Vector(vectors[i])}}}"
                : $"{{\"featureSchemaVersion\":1,\"batch\":[{string.Join(',', vectors.Skip(i * batch).Take(batch).Select(Vector))}]}}";
        }).ToArray();
    }

    private static async Task<int> RerunPinnedAsync(int clientCpu, string[] args)
    {
        var start = new ProcessStartInfo("taskset") { UseShellExecute = false };
        foreach (var argument in new[] { "-c", clientCpu.ToString(CultureInfo.InvariantCulture), "dotnet", Path.Combine(AppContext.BaseDirectory, "DaprPredictor.Benchmarks.dll"), "http" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in args) start.ArgumentList.Add(argument);
        start.Environment[PinnedVariable] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the pinned generator.");
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static void PrintMachine(int serverCpu, int clientCpu)
    {
        var cpuModel = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        Console.WriteLine($"machine: {cpuModel ?? "unknown CPU"}, {Environment.ProcessorCount} core(s) visible to the generator (pinned to {clientCpu}), server pinned to {serverCpu}; .NET {Environment.Version}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

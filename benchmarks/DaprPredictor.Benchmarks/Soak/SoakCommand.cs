using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using DaprPredictor.Benchmarks.Infrastructure;

namespace DaprPredictor.Benchmarks.Soak;

/// <summary>
/// The standalone host served (<c>--serve</c>) as its own Release process and driven open loop at a steady rate through
/// POST /events and POST /predict for many minutes: RSS, GC heap and the pipeline's counters sampled on a fixed
/// period, latency and errors per period, the accounting checked against /metrics and against the plan of what was
/// sent, and the slope of memory against the number of events.
/// </summary>
internal static class SoakCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new Arguments(args);
        if (arguments.Has("help"))
        {
            Console.WriteLine("""
                soak [--model PATH] [--port 5391] [--rate 2000] [--minutes 10] [--warmup-seconds 30] [--sample-seconds 10]
                     [--users 20000] [--predict-share 0.05] [--duplicates 0.01] [--invalid 0.01] [--connections 16]
                     [--server-cpu N] [--host-env NAME=VALUE,...] [--output FILE.md]
                Starts services/standalone (build it first: dotnet build -c Release services/standalone) with
                --serve --events 0, sends rate x (warm-up + minutes) requests of one page view each, then prints (and
                writes to --output) one row per sample period and the summary.
                """);
            return 0;
        }

        var model = BenchmarkModel.Ensure(arguments.String("model"));
        var port = arguments.Int("port", 5391);
        var rate = arguments.Double("rate", 2000);
        var duration = TimeSpan.FromMinutes(arguments.Double("minutes", 10));
        var warmup = TimeSpan.FromSeconds(arguments.Int("warmup-seconds", 30));
        var period = TimeSpan.FromSeconds(arguments.Int("sample-seconds", 10));
        var plan = new SoakPlan(arguments.Int("users", 20_000), arguments.Double("predict-share", 0.05), arguments.Double("duplicates", 0.01), arguments.Double("invalid", 0.01));
        var connections = arguments.Int("connections", 16);
        int? serverCpu = arguments.String("server-cpu") is { } cpu ? int.Parse(cpu, CultureInfo.InvariantCulture) : null;
        var hostEnvironment = (arguments.String("host-env") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : string.Empty, StringComparer.Ordinal);
        var output = arguments.String("output");
        arguments.EnsureAllRead();
        if (plan.Users < rate * 2) Console.WriteLine($"warning: with {plan.Users} users a user's next event is due {plan.Users / rate:F1} s after the previous: under load they may overlap.");

        await using var host = await HostProcess.StartAsync("standalone", "DaprPredictor.Standalone", port, serverCpu, hostEnvironment,
            "--serve", "--urls", $"http://127.0.0.1:{port}", "--events", "0", "--model", model);
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        var report = new StringBuilder();
        void Line(string text)
        {
            Console.WriteLine(text);
            report.AppendLine(text);
        }

        Line($"standalone pid {host.ProcessId}{(serverCpu is { } c ? $" pinned to core {c}" : " on every core")}; {rate:N0} requests/s of one page view each for {warmup.TotalSeconds:N0} s warm-up + {duration.TotalMinutes:N0} min, {connections} connections; {plan.Users:N0} users; {plan.PredictShare:P0} to POST /predict, the rest to POST /events; {plan.DuplicateShare:P0} duplicates, {plan.InvalidShare:P0} invalid");
        Line($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; model {model}");

        // Sampling runs beside the generator's threads; period k covers the requests due in [k·period − period, k·period).
        var samples = new List<(TimeSpan At, long Rss, PipelineScrape Scrape, double ServerCpu)>();
        using var stop = new CancellationTokenSource();
        var meter = new DisturbanceMeter(host.CpuSeconds);
        var clock = Stopwatch.StartNew();
        var sampler = Task.Run(async () =>
        {
            for (var next = period; !stop.IsCancellationRequested; next += period)
            {
                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                if (stop.IsCancellationRequested) break;
                samples.Add((clock.Elapsed, host.ResidentBytes(), await PipelineScrape.ReadAsync(client, CancellationToken.None), host.CpuSeconds()));
            }
        });

        var run = await Task.Run(() => LoadGenerator.OpenLoop(endpoint, i => plan.Request(endpoint, i), rate, connections, warmup, duration));
        var sending = clock.Elapsed;
        await stop.CancelAsync();
        await sampler;
        var others = meter.OtherCores(clock.Elapsed);

        var settled = await SettleAsync(client);
        var rss = host.ResidentBytes();
        Line(string.Empty);
        Line("| t (s) | events received | RSS (MB) | GC heap (MB) | gen2 GCs | waiting for outcome | p99 (ms) | errors |");
        Line("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var previous = TimeSpan.Zero;
        foreach (var (at, sampleRss, scrape, _) in samples)
        {
            var due = (previous.TotalSeconds, Math.Min(at.TotalSeconds, run.Total / rate));
            previous = at;
            if (due.Item2 <= due.Item1) continue;
            var latency = run.Latency(due.Item1, due.Item2);
            var errors = Errors(run, plan, run.Index(due.Item1), run.Index(due.Item2));
            Line(Invariant($"| {at.TotalSeconds:F0} | {scrape.Received:N0} | {sampleRss / 1e6:F0} | {scrape.GcHeapBytes / 1e6:F0} | {scrape.FullCollections} | {scrape.WaitingForOutcome:N0} | {latency.P99 / 1000:F2} | {errors} |"));
        }

        var measured = run.Summary(connections, duration).Latency;
        var allErrors = Errors(run, plan, 0, (int)run.Total);
        var expected = Tally(run, plan);
        Line(string.Empty);
        Line(Invariant($"Sent {run.Total:N0} requests in {sending.TotalSeconds:F0} s ({run.Total / sending.TotalSeconds:N0}/s); latency after the warm-up, from each request's due time: p50 {measured.P50 / 1000:F2} ms, p99 {measured.P99 / 1000:F2} ms, p99.9 {measured.P999 / 1000:F2} ms, max {measured.Max / 1000:F1} ms; send lag p99 {run.Summary(connections, duration).SendLag!.P99 / 1000:F2} ms."));
        Line($"Errors (an answer other than the plan's, a 5xx or a failed connection): {allErrors:N0}.");
        Line(Invariant($"Accounting from /metrics, {(settled.AddsUp ? "adds up" : "DOES NOT add up")}: received {settled.Received:N0} = scored {settled.Scored:N0} + duplicates {settled.Duplicates:N0} + rejected {settled.Rejected:N0} + retried {settled.Retried:N0}."));
        var matches = settled.Scored == expected.Normal && settled.Duplicates == expected.Duplicate && settled.Rejected == expected.Invalid;
        Line(Invariant($"Against what was sent, {(matches ? "exact" : "NOT exact")}: {expected.Normal:N0} new page views, {expected.Duplicate:N0} duplicates, {expected.Invalid:N0} invalid."));
        var (slope, fit) = Slope(samples.Where(s => s.At >= warmup + TimeSpan.FromMinutes(1)).Select(s => (s.Scrape.Received / 1e6, s.Rss / 1e6)).ToArray());
        var (heapSlope, heapFit) = Slope(samples.Where(s => s.At >= warmup + TimeSpan.FromMinutes(1) && s.Scrape.GcHeapBytes is not null).Select(s => (s.Scrape.Received / 1e6, s.Scrape.GcHeapBytes!.Value / 1e6)).ToArray());
        Line(Invariant($"Memory against events, from 1 min after the warm-up: RSS {slope:+0.0;-0.0} MB per million events (R² {fit:F2}), GC heap {heapSlope:+0.0;-0.0} MB per million (R² {heapFit:F2}); RSS at the end {rss / 1e6:F0} MB."));
        var hostCores = samples.Count > 1 ? (samples[^1].ServerCpu - samples[0].ServerCpu) / (samples[^1].At - samples[0].At).TotalSeconds : double.NaN;
        Line(Invariant($"The host used {hostCores:F2} cores on average; other processes used {others:F2} cores (the machine is shared)."));

        if (output is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            await File.WriteAllTextAsync(output, report.ToString());
        }

        return settled.AddsUp && matches && allErrors == 0 ? 0 : 3;
    }

    /// <summary>Waits until the queue has drained: the counters add up and stop moving (at most a minute).</summary>
    private static async Task<PipelineScrape> SettleAsync(HttpClient client)
    {
        var last = await PipelineScrape.ReadAsync(client, CancellationToken.None);
        for (var waited = 0; waited < 60; waited++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = await PipelineScrape.ReadAsync(client, CancellationToken.None);
            if (now.AddsUp && now.Received == last.Received) return now;
            last = now;
        }

        return last;
    }

    private static long Errors(OpenLoopRun run, SoakPlan plan, int from, int to)
    {
        long errors = 0;
        for (var i = from; i < to; i++)
        {
            if (!plan.Expected(i, run.Status[i])) errors++;
        }

        return errors;
    }

    /// <summary>How many requests of each kind were sent.</summary>
    private static (long Normal, long Duplicate, long Invalid) Tally(OpenLoopRun run, SoakPlan plan)
    {
        long normal = 0, duplicate = 0, invalid = 0;
        for (long i = 0; i < run.Total; i++)
        {
            switch (plan.Kind(i))
            {
                case SoakKind.Normal: normal++; break;
                case SoakKind.Duplicate: duplicate++; break;
                default: invalid++; break;
            }
        }

        return (normal, duplicate, invalid);
    }

    /// <summary>Least-squares slope of y against x, and the fit's R².</summary>
    private static (double Slope, double R2) Slope((double X, double Y)[] points)
    {
        if (points.Length < 3) return (double.NaN, double.NaN);
        var (mx, my) = (points.Average(p => p.X), points.Average(p => p.Y));
        var sxy = points.Sum(p => (p.X - mx) * (p.Y - my));
        var sxx = points.Sum(p => (p.X - mx) * (p.X - mx));
        var syy = points.Sum(p => (p.Y - my) * (p.Y - my));
        return (sxy / sxx, syy == 0 ? 1 : sxy * sxy / (sxx * syy));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;

namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>The <c>dapr-path</c> command: the three services as processes behind fake sidecars, driven at fixed rates.</summary>
internal static class DaprPathCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new Infrastructure.Arguments(args);
        if (arguments.Has("help"))
        {
            Console.WriteLine("""
                dapr-path [--mode single|bulk|single,bulk] [--batch-size 100] [--batch-await-ms 20]
                          [--rates 250,500,1000,2000] [--seconds 60] [--warmup-seconds 30] [--runs 3] [--partitions 6]
                          [--all-rates]
                          [--users 100000] [--model-dir out/loadrig/model] [--mariadb-dir out/loadrig/mariadb] [--base-port 15000]
                Trains a model with the training CLI into --model-dir when it has none, starts MariaDB with its offline
                store, and per mode a rig: the fake daprd (tests/FakeDaprd.Host) and the three services from their built
                dlls, the feature extractor with PageViews__Bulk__Enabled (bulk: and PageViews__Bulk__MaxMessagesCount =
                --batch-size, PageViews__Bulk__MaxAwaitDurationMs = --batch-await-ms). Then for each rate it publishes page
                views at that rate, open loop (after one warm-up per mode at the first rate: --runs runs of --seconds each
                per mode, the modes taking turns; a mode's higher rates are skipped once it is saturated, unless
                --all-rates) and reports events/s, latency from publish to prediction published and to its consumer, CPU
                per 1,000 events per process, sidecar calls per event by kind, and what real sidecars would cost for those
                calls by Dapr's published figures. Build first: dotnet build -c Release benchmarks/DaprPredictor.Benchmarks
                """);
            return 0;
        }

        var defaults = new DaprPathOptions { Ports = new PortPlan(15000) };
        var options = defaults with
        {
            Modes = PipelineMode.ParseList(arguments.String("mode") ?? "single", arguments.Int("batch-size", 100), arguments.Int("batch-await-ms", 20)),
            Rates = arguments.String("rates") is { } rates ? [.. rates.Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture))] : defaults.Rates,
            Seconds = arguments.Int("seconds", defaults.Seconds),
            WarmupSeconds = arguments.Int("warmup-seconds", defaults.WarmupSeconds),
            Runs = arguments.Int("runs", defaults.Runs),
            StopWhenSaturated = !arguments.Has("all-rates") || arguments.String("all-rates") is "false",
            Partitions = arguments.Int("partitions", defaults.Partitions),
            TrainingUsers = arguments.Int("users", defaults.TrainingUsers),
            ModelDirectory = Path.GetFullPath(arguments.String("model-dir") ?? defaults.ModelDirectory),
            MariaDbDirectory = Path.GetFullPath(arguments.String("mariadb-dir") ?? defaults.MariaDbDirectory),
            Ports = new PortPlan(arguments.Int("base-port", defaults.Ports.Base)),
        };
        arguments.EnsureAllRead();

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {RunResult.LoadAverage():F1}; .NET {Environment.Version}");
        DaprPathReport report;
        try
        {
            report = await DaprPathBenchmark.RunAsync(options, Console.Out);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException)
        {
            // A rig that cannot start or run as asked (a port taken, a build missing, no bulk route): the reason, not a stack.
            await Console.Error.WriteLineAsync($"dapr-path: {ex.Message}");
            return 2;
        }

        Console.WriteLine();
        Console.WriteLine(DaprPathBenchmark.Summarize(report));
        return report.AccountedFor ? 0 : 1;
    }
}

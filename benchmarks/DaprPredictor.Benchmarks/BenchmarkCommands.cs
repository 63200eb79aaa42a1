using DaprPredictor.Benchmarks.DaprPath;
using DaprPredictor.Benchmarks.Floor;
using DaprPredictor.Benchmarks.Import;
using DaprPredictor.Benchmarks.Scorer;
using DaprPredictor.Benchmarks.Soak;

namespace DaprPredictor.Benchmarks;

/// <summary>A named benchmark: <c>dotnet run -c Release --project benchmarks/DaprPredictor.Benchmarks -- NAME [options]</c>.</summary>
internal sealed record BenchmarkCommand(string Name, string Description, Func<string[], Task<int>> RunAsync);

internal static class BenchmarkCommands
{
    // One line per benchmark; a new one adds its line here and its code in a folder named after what it measures.
    private static readonly BenchmarkCommand[] All =
    [
        new("predict", "BenchmarkDotNet over PooledPredictor.Predict with the default model (extra arguments go to BenchmarkDotNet).", PredictCommand.RunAsync),
        new("predict-latency", "p50/p99/p99.9 of sequential predictions, each timed (--predictions N, --rounds N).", PredictLatencyCommand.RunAsync),
        new("http", "POST /score on a real scorer process pinned to one core: closed-loop req/s and open-loop latency at a fixed rate (--help).", HttpLoadCommand.RunAsync),
        new("floor", "BenchmarkDotNet over each step of one event's work alone (parse, clean, window, features, model): the pipeline's floor per event.", FloorCommand.RunAsync),
        new("dapr-path", "The three services as processes behind fake daprd sidecars (MariaDB offline store), page views at fixed rates, single-event or bulk: events/s, end-to-end p50/p99, CPU per 1,000 events, sidecar calls per event (--help).", DaprPathCommand.RunAsync),
        new("soak", "The standalone host served for --minutes 10 at --rate 2000 page views/s through POST /events and /predict: RSS, p99, errors and accounting per period (--help).", SoakCommand.RunAsync),
        new("import", "Converting a public dataset: a synthetic file of --rows N in --format rees46|retailrocket (--gzip), converted --runs N times; rows/s.", ImportCommand.RunAsync),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintUsage();
            return args.Length == 0 ? 1 : 0;
        }

        var command = Array.Find(All, c => string.Equals(c.Name, args[0], StringComparison.OrdinalIgnoreCase));
        if (command is null)
        {
            await Console.Error.WriteLineAsync($"Unknown benchmark '{args[0]}'.");
            PrintUsage();
            return 1;
        }

        return await command.RunAsync(args[1..]);
    }

    private static void PrintUsage()
    {
        Console.WriteLine("Usage: dotnet run -c Release --project benchmarks/DaprPredictor.Benchmarks -- <benchmark> [options]");
        Console.WriteLine();
        foreach (var command in All) Console.WriteLine($"  {command.Name,-16} {command.Description}");
    }
}

using System.Diagnostics;
using System.Runtime;
using DaprPredictor.Benchmarks.Infrastructure;
using DaprPredictor.ModelServing;

namespace DaprPredictor.Benchmarks.Scorer;

/// <summary>
/// Times every one of ~1M sequential predictions and reports exact percentiles: BenchmarkDotNet reports means and
/// medians of batches, which hide the tail the p99 target is about.
/// </summary>
internal static class PredictLatencyCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new Arguments(args);
        var modelPath = BenchmarkModel.Ensure(arguments.String("model"));
        var predictions = arguments.Int("predictions", 1_000_000);
        var rounds = arguments.Int("rounds", 5);
        var warmup = arguments.Int("warmup", 300_000);
        var quietWait = TimeSpan.FromSeconds(arguments.Int("quiet-wait", 60));
        arguments.EnsureAllRead();

        var predictor = new PooledPredictor(ModelFile.Load(modelPath));
        var vectors = BenchmarkModel.Vectors(8192);
        var mask = vectors.Length - 1;
        Console.WriteLine($"{Environment.ProcessorCount} usable core(s), server GC: {GCSettings.IsServerGC}, timer: {Stopwatch.Frequency:N0} Hz");

        // Warm up past tiered compilation: tier-0 code, then the background tier-1 (PGO) recompilation.
        float sink = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < warmup; i++) sink += predictor.Predict(vectors[i & mask]);
            await Task.Delay(500);
        }

        var ticks = new long[predictions];
        var overhead = TimerOverhead(ticks);
        Console.WriteLine($"timer overhead (two timestamps, nothing between): {overhead}");

        var results = new List<Percentiles>();
        for (var round = 1; round <= rounds; round++)
        {
            // A shared machine: start each round in a quiet moment and say how much else ran during it.
            var quiet = await MachineLoad.WaitForQuietAsync(quietWait);
            var meter = new DisturbanceMeter(() => 0);
            var clock = Stopwatch.StartNew();
            var collections = GC.CollectionCount(0);
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < predictions; i++)
            {
                var vector = vectors[i & mask];
                var start = Stopwatch.GetTimestamp();
                sink += predictor.Predict(vector);
                ticks[i] = Stopwatch.GetTimestamp() - start;
            }

            var bytesPerPrediction = (double)(GC.GetAllocatedBytesForCurrentThread() - allocated) / predictions;
            var result = Percentiles.FromTicks(ticks);
            results.Add(result);
            var others = meter.OtherCores(clock.Elapsed);
            Console.WriteLine($"round {round}: {result}  gen0 GCs: {GC.CollectionCount(0) - collections}, allocated/prediction: {bytesPerPrediction:F1} B, other load {others:F2} cores{(quiet ? string.Empty : " (no quiet moment)")}");
        }

        Console.WriteLine($"median of {rounds} rounds: {Percentiles.Median(results)}");
        Console.WriteLine($"(checksum {sink:F1})");
        return 0;
    }

    private static Percentiles TimerOverhead(long[] ticks)
    {
        for (var i = 0; i < ticks.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        return Percentiles.FromTicks(ticks);
    }
}

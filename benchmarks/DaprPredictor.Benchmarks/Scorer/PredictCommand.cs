using DaprPredictor.Benchmarks.Infrastructure;

namespace DaprPredictor.Benchmarks.Scorer;

internal static class PredictCommand
{
    public static Task<int> RunAsync(string[] args) => InProcessBenchmark.RunAsync<PredictBenchmarks>(args);
}

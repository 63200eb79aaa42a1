using DaprPredictor.Benchmarks.Infrastructure;

namespace DaprPredictor.Benchmarks.Floor;

/// <summary>The per-event floor: each step of an event's work alone (<see cref="FloorBenchmarks"/>), in process like <c>predict</c>.</summary>
internal static class FloorCommand
{
    public static Task<int> RunAsync(string[] args) => InProcessBenchmark.RunAsync<FloorBenchmarks>(args);
}

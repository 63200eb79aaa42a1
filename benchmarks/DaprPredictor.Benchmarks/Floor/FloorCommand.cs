using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DaprPredictor.Benchmarks.Infrastructure;

namespace DaprPredictor.Benchmarks.Floor;

/// <summary>The per-event floor: each step of an event's work alone (<see cref="FloorBenchmarks"/>), in process like <c>predict</c>.</summary>
internal static class FloorCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        string? model = null;
        var benchmarkDotNetArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--model" && i + 1 < args.Length) model = args[++i];
            else benchmarkDotNetArgs.Add(args[i]);
        }

        Environment.SetEnvironmentVariable(BenchmarkModel.PathVariable, BenchmarkModel.Ensure(model));
        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(BenchmarkModel.RepositoryRoot, "out", "benchmarks", "BenchmarkDotNet.Artifacts"));
        var summary = BenchmarkRunner.Run<FloorBenchmarks>(config, [.. benchmarkDotNetArgs]);
        return Task.FromResult(summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0);
    }
}

using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DaprPredictor.Benchmarks.Infrastructure;

namespace DaprPredictor.Benchmarks.Scorer;

internal static class PredictCommand
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

        // In process: BenchmarkDotNet's generated project would sit inside this repository and inherit its
        // warnings-as-errors build settings; a single-threaded CPU benchmark loses nothing by running here.
        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(BenchmarkModel.RepositoryRoot, "out", "benchmarks", "BenchmarkDotNet.Artifacts"));
        var summary = BenchmarkRunner.Run<PredictBenchmarks>(config, [.. benchmarkDotNetArgs]);
        return Task.FromResult(summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0);
    }
}

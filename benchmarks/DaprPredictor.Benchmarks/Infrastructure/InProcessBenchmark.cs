using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace DaprPredictor.Benchmarks.Infrastructure;

/// <summary>Runs a BenchmarkDotNet class on the model given by <c>--model</c> (or the default one); other arguments go to BenchmarkDotNet.</summary>
internal static class InProcessBenchmark
{
    public static Task<int> RunAsync<T>(string[] args)
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
        var summary = BenchmarkRunner.Run<T>(config, [.. benchmarkDotNetArgs]);
        return Task.FromResult(summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0);
    }
}

using System.Diagnostics;
using DaprPredictor.Contracts;
using DaprPredictor.ModelServing;
using DaprPredictor.ModelTraining;
using DaprPredictor.Synthetic;

namespace DaprPredictor.Benchmarks.Infrastructure;

/// <summary>The model and the feature vectors the benchmarks score.</summary>
internal static class BenchmarkModel
{
    /// <summary>Set by the commands for BenchmarkDotNet's setup, which cannot take arguments.</summary>
    public const string PathVariable = "DAPRPREDICTOR_BENCHMARK_MODEL";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>
    /// The model at --model, or the default model (default training settings, 100,000 users, seed 42) trained once into
    /// out/benchmarks/model and reused afterwards.
    /// </summary>
    public static string Ensure(string? path)
    {
        if (path is not null)
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full)) throw new FileNotFoundException($"No model at '{full}'.", full);
            Describe(full);
            return full;
        }

        var directory = Path.Combine(RepositoryRoot, "out", "benchmarks", "model");
        var model = Path.Combine(directory, "model.zip");
        if (!File.Exists(model))
        {
            Console.WriteLine($"Training the default model (100,000 users, seed 42) into {directory}; about 20 s, once.");
            var clock = Stopwatch.StartNew();
            TrainingPipeline.Run(new TrainingRequest { OutputDirectory = directory });
            Console.WriteLine($"Trained in {clock.Elapsed.TotalSeconds:F1} s.");
        }

        Describe(model);
        return model;
    }

    public static string FromEnvironment() =>
        Environment.GetEnvironmentVariable(PathVariable) ?? throw new InvalidOperationException($"{PathVariable} is not set; run through the predict command.");

    /// <summary>Real vectors: a small synthetic clickstream folded through the serving feature code, in event order.</summary>
    public static float[][] Vectors(int count)
    {
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Users = Math.Max(500, count / 3), Seed = 7 });
        var rows = TrainingSetBuilder.Build(data.Clickstream(), data.Purchases, new TrainingSetOptions()).Rows;
        return Enumerable.Range(0, count).Select(i => rows[i % rows.Length].Features).ToArray();
    }

    private static void Describe(string path)
    {
        ModelCard card = ModelFile.Load(path).Card;
        Console.WriteLine($"Model {card.ModelVersion} ({card.Trainer}, {card.TrainRows:N0} training rows) at {path}");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DaprPredictor.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException($"No DaprPredictor.sln above {AppContext.BaseDirectory}.");
    }
}

using System.Text;
using DaprPredictor.ModelServing;
using DaprPredictor.ModelTraining;
using DaprPredictor.Synthetic;

namespace DaprPredictor.Testing;

/// <summary>Two small real models trained with different seeds (so different versions), and real feature vectors.</summary>
public sealed class TrainedModels : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "daprpredictor-scorer-tests", "models-" + Guid.NewGuid().ToString("N"));

    public TrainedModels()
    {
        First = Train(seed: 11);
        Second = Train(seed: 12);
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Users = 300, Seed = 99 });
        Vectors = TrainingSetBuilder.Build(data.Clickstream(), data.Purchases, new TrainingSetOptions()).Rows.Select(r => r.Features).Take(64).ToArray();
    }

    public TrainedModel First { get; }

    public TrainedModel Second { get; }

    /// <summary>Feature vectors assembled from a synthetic clickstream, as the pipeline would send them.</summary>
    public float[][] Vectors { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Bytes that are not a servable model, by kind of damage.</summary>
    public byte[] Broken(string kind) => kind switch
    {
        "truncated" => Second.Bytes[..(Second.Bytes.Length / 2)],
        "not-a-zip" => Encoding.UTF8.GetBytes("this is not a model"),
        "empty" => [],
        "no-card" => DamagedModels.WithoutCard(),
        "other-schema" => DamagedModels.OfAnotherSchema(Second.Bytes),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind of damage"),
    };

    private TrainedModel Train(int seed)
    {
        var output = Path.Combine(_directory, $"seed-{seed}");
        var result = TrainingPipeline.Run(new TrainingRequest { OutputDirectory = output, Users = 5_000, Seed = seed });
        var bytes = File.ReadAllBytes(result.Files.Model);
        return new TrainedModel(result.Card.ModelVersion, result.Files.Model, bytes, new PooledPredictor(ModelFile.Load(bytes, $"seed-{seed}")));
    }
}

using DaprPredictor.Modeling.Training;

namespace DaprPredictor.Modeling.Tests;

/// <summary>One small real training run, shared by the tests that need a model and its output files.</summary>
public sealed class TrainedModelFixture : IDisposable
{
    public TrainedModelFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "daprpredictor-tests", Guid.NewGuid().ToString("N"));
        Result = TrainingPipeline.Run(new TrainingRequest { OutputDirectory = Directory, Users = 5_000, Seed = 11 });
    }

    public string Directory { get; }

    public TrainingResult Result { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class TrainedModelCollection : ICollectionFixture<TrainedModelFixture>
{
    public const string Name = "trained model";
}

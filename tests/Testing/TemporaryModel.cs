using DaprPredictor.ModelTraining;

namespace DaprPredictor.Testing;

/// <summary>A small real model (and training's other outputs) trained into a temporary folder, removed on dispose.</summary>
public sealed class TemporaryModel : IDisposable
{
    public TemporaryModel(int users, int seed)
    {
        Directory = Path.Combine(Path.GetTempPath(), "daprpredictor-tests", Guid.NewGuid().ToString("N"));
        Result = TrainingPipeline.Run(new TrainingRequest { OutputDirectory = Directory, Users = users, Seed = seed });
    }

    public string Directory { get; }

    public TrainingResult Result { get; }

    public OutputFiles Files => Result.Files;

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

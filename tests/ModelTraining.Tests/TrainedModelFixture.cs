using DaprPredictor.Testing;

namespace DaprPredictor.ModelTraining.Tests;

/// <summary>One small real training run, shared by the tests that need a model and its output files.</summary>
public sealed class TrainedModelFixture() : IDisposable
{
    private readonly TemporaryModel _model = new(users: 5_000, seed: 11);

    public string Directory => _model.Directory;

    public TrainingResult Result => _model.Result;

    public void Dispose() => _model.Dispose();
}

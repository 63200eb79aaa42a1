using DaprPredictor.ModelTraining;

namespace DaprPredictor.Standalone.Tests;

/// <summary>One small trained model for the whole test run (about two seconds).</summary>
public sealed class StandaloneModel() : IDisposable
{
    private readonly Testing.TemporaryModel _model = new(users: 3_000, seed: 3);

    public string Directory => _model.Directory;

    public OutputFiles Files => _model.Files;

    public void Dispose() => _model.Dispose();
}

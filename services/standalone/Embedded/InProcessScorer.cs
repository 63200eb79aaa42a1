using DaprPredictor.Modeling.Model;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Standalone.Embedded;

/// <summary>The scorer's pooled model, called in process instead of over Dapr invocation.</summary>
public sealed class InProcessScorer(StandaloneModel model) : IScorer
{
    public ValueTask<Score> ScoreAsync(float[] features, CancellationToken cancellationToken)
    {
        var predictor = model.Predictor ?? throw new InvalidOperationException($"No model is loaded: {model.Problem}");
        return ValueTask.FromResult(new Score(predictor.Predict(features), predictor.Card.ModelVersion, predictor.Card.FeatureSchemaVersion));
    }
}

/// <summary>The model the standalone host serves: loaded once from <see cref="Hosting.StandaloneOptions.ModelPath"/>.</summary>
public sealed class StandaloneModel
{
    private readonly Lazy<(PooledPredictor? Predictor, string? Problem)> _loaded;

    public StandaloneModel(Microsoft.Extensions.Options.IOptions<Hosting.StandaloneOptions> options) =>
        _loaded = new(() =>
        {
            try
            {
                return (new PooledPredictor(ModelFile.Load(options.Value.ModelPath)), null);
            }
            catch (ModelFileException ex)
            {
                return (null, ex.Message);
            }
        });

    public PooledPredictor? Predictor => _loaded.Value.Predictor;

    public string? Problem => _loaded.Value.Problem;
}

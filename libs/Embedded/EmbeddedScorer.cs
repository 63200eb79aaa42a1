using DaprPredictor.ModelServing;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Embedded;

/// <summary>The scorer's pooled model, called in process instead of over Dapr invocation.</summary>
public sealed class EmbeddedScorer(ModelHost model, FeatureDrift drift) : IScorer
{
    public ValueTask<Score> ScoreAsync(float[] features, CancellationToken cancellationToken)
    {
        var served = model.Current ?? throw new InvalidOperationException($"No model is loaded: {model.State.NotLoadedReason}");
        drift.Observe(served, features);
        return ValueTask.FromResult(new Score(served.Predictor.Predict(features), served.Version, served.Card.FeatureSchemaVersion));
    }
}

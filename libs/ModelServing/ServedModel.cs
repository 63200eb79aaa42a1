using DaprPredictor.Contracts;

namespace DaprPredictor.ModelServing;

/// <summary>A loaded, warmed predictor and where it came from. Requests read one of these once and finish on it.</summary>
public sealed record ServedModel(PooledPredictor Predictor, string Path, string ContentHash, DateTimeOffset LoadedAt)
{
    public ModelCard Card => Predictor.Card;

    public string Version => Predictor.Card.ModelVersion;
}

using DaprPredictor.ModelServing;

namespace DaprPredictor.Testing;

/// <summary>A model's version, file and bytes, and a predictor on it to compute the expected answers.</summary>
public sealed record TrainedModel(string Version, string Path, byte[] Bytes, PooledPredictor Predictor)
{
    public double[] Expected(IEnumerable<float[]> vectors) => vectors.Select(v => (double)Predictor.Predict(v)).ToArray();
}

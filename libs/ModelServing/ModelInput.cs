using DaprPredictor.Domain.Features;
using Microsoft.ML.Data;

namespace DaprPredictor.ModelServing;

/// <summary>The ML.NET input row: the assembled feature vector (and the label when training).</summary>
public sealed class ModelInput
{
    [VectorType(FeatureSchema.Length)]
    public float[] Features { get; set; } = new float[FeatureSchema.Length];

    public bool Label { get; set; }
}

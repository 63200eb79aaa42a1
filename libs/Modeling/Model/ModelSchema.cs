using DaprPredictor.Domain.Features;
using Microsoft.ML.Data;

namespace DaprPredictor.Modeling.Model;

/// <summary>The ML.NET input row: the assembled feature vector (and the label when training).</summary>
public sealed class ModelInput
{
    [VectorType(FeatureSchema.Length)]
    public float[] Features { get; set; } = new float[FeatureSchema.Length];

    public bool Label { get; set; }
}

public sealed class ModelOutput
{
    public float Probability { get; set; }

    public float Score { get; set; }

    public bool PredictedLabel { get; set; }
}

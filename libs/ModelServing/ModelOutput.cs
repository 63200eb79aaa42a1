namespace DaprPredictor.ModelServing;

/// <summary>The columns a prediction reads: the calibrated probability, and the raw score the calibrator is fitted on.</summary>
public sealed class ModelOutput
{
    public float Probability { get; set; }

    public float Score { get; set; }
}

namespace DaprPredictor.ModelServing;

public sealed class ModelOutput
{
    public float Probability { get; set; }

    public float Score { get; set; }

    public bool PredictedLabel { get; set; }
}

namespace DaprPredictor.ModelTraining;

public sealed record TrainingProgress(string Stage, double? Fraction);

using DaprPredictor.Contracts;

namespace DaprPredictor.ModelTraining;

public sealed record TrainingResult(TrainingMetrics Metrics, TrainingSetReport Report, ModelCard Card, OutputFiles Files);

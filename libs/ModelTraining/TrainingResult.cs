using DaprPredictor.Contracts;

namespace DaprPredictor.ModelTraining;

/// <param name="Conversion">What importing the dataset did, when the data was a public dataset.</param>
public sealed record TrainingResult(TrainingMetrics Metrics, TrainingSetReport Report, ModelCard Card, OutputFiles Files, ConversionReport? Conversion = null);

using System.Diagnostics;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Outcomes;
using DaprPredictor.ModelServing;
using DaprPredictor.ModelTraining;
using DaprPredictor.Synthetic;
using Microsoft.ML;

namespace DaprPredictor.ModelTraining;

public sealed record TrainingProgress(string Stage, double? Fraction);

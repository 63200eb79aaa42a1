using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Windows;

namespace DaprPredictor.Contracts;

/// <summary>One probability per vector, in request order.</summary>
public sealed record ScoreResponse(string ModelVersion, int FeatureSchemaVersion, double[] Probabilities);

using System.Text.Json.Serialization.Metadata;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.Pipeline.Seams;

public readonly record struct Score(double Probability, string ModelVersion, int FeatureSchemaVersion);

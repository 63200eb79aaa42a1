using System.Text.Json.Serialization.Metadata;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.Pipeline.Seams;

/// <summary>Scores one feature vector: the scorer service over Dapr invocation, or the pooled model in process.</summary>
public interface IScorer
{
    ValueTask<Score> ScoreAsync(float[] features, CancellationToken cancellationToken);
}

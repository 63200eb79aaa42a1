namespace DaprPredictor.Pipeline.Seams;

/// <summary>Scores one feature vector: the scorer service over Dapr invocation, or the pooled model in process.</summary>
public interface IScorer
{
    ValueTask<Score> ScoreAsync(float[] features, CancellationToken cancellationToken);
}

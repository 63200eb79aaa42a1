namespace DaprPredictor.Pipeline.Seams;

/// <summary>Scores one feature vector: the scorer service over Dapr invocation, or the pooled model in process.</summary>
public interface IScorer
{
    /// <param name="features">The caller's again once the returned task completes (it reuses it): a scorer that keeps it copies it.</param>
    ValueTask<Score> ScoreAsync(float[] features, CancellationToken cancellationToken);
}

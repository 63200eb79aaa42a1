namespace DaprPredictor.Pipeline.Seams;

/// <summary>
/// Scores feature vectors: the scorer service over Dapr invocation, or the pooled model in process. Throws
/// <see cref="ScorerRefusedException"/> when the scorer refuses the request itself (no retry would change its answer);
/// any other exception is a failure that may heal.
/// </summary>
public interface IScorer
{
    /// <param name="features">The caller's again once the returned task completes (it reuses it): a scorer that keeps it copies it.</param>
    ValueTask<Score> ScoreAsync(float[] features, CancellationToken cancellationToken);

    /// <summary>One score per vector, in order. By default one <see cref="ScoreAsync"/> each; the scorer service takes a batch in one call.</summary>
    async ValueTask<IReadOnlyList<Score>> ScoreBatchAsync(IReadOnlyList<float[]> vectors, CancellationToken cancellationToken)
    {
        var scores = new Score[vectors.Count];
        for (var i = 0; i < vectors.Count; i++) scores[i] = await ScoreAsync(vectors[i], cancellationToken);
        return scores;
    }
}

using System.Net.Http.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Dapr.Invocation;

/// <summary><c>POST /score</c> on the scorer through the sidecar: one vector, or a batch in one call.</summary>
public sealed class ScorerClient(HttpClient http) : IScorer
{
    /// <summary>
    /// One call for the whole batch (<c>{"batch": [...]}</c>); the scorer refuses more than its <c>Scorer:MaxBatchSize</c>
    /// (1,024 by default) vectors, which the feature extractor's batch size may not exceed.
    /// </summary>
    public async ValueTask<IReadOnlyList<Score>> ScoreBatchAsync(IReadOnlyList<float[]> vectors, CancellationToken cancellationToken)
    {
        using var content = JsonContent.Create(new ScoreRequest(FeatureSchema.Version, Batch: [.. vectors]), ContractsJsonContext.Default.ScoreRequest);
        using var response = await http.PostAsync("score", content, cancellationToken);
        await InvocationFailure.ThrowIfFailedAsync(response, Topology.ScorerAppId, cancellationToken);
        var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.ScoreResponse, cancellationToken);
        return result is not null && result.Probabilities.Length == vectors.Count
            ? [.. result.Probabilities.Select(p => new Score(p, result.ModelVersion, result.FeatureSchemaVersion))]
            : throw new InvalidDataException($"{Topology.ScorerAppId} did not answer one probability per vector of a batch of {vectors.Count}.");
    }

    public async ValueTask<Score> ScoreAsync(float[] features, CancellationToken cancellationToken)
    {
        using var content = JsonContent.Create(new ScoreRequest(FeatureSchema.Version, features), ContractsJsonContext.Default.ScoreRequest);
        using var response = await http.PostAsync("score", content, cancellationToken);
        await InvocationFailure.ThrowIfFailedAsync(response, Topology.ScorerAppId, cancellationToken);
        var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.ScoreResponse, cancellationToken);
        return result is { Probabilities: [var probability] }
            ? new Score(probability, result.ModelVersion, result.FeatureSchemaVersion)
            : throw new InvalidDataException($"{Topology.ScorerAppId} did not answer exactly one probability for one vector.");
    }
}

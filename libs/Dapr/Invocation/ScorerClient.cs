using System.Net.Http.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Dapr.Invocation;

/// <summary><c>POST /score</c> on the scorer through the sidecar, one vector per call.</summary>
public sealed class ScorerClient(HttpClient http) : IScorer
{
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

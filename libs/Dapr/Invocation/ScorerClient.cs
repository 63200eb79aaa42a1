using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Dapr.Invocation;

/// <summary><c>POST /score</c> on the scorer through the sidecar: one vector, or a batch in one call.</summary>
/// <remarks>
/// daprd hands an invoked app's non-2xx answer back as it is: status, content type and body (dapr/dapr
/// pkg/api/http/directmessaging.go onDirectMessage: a resiliency.CodeError carrying the app's answer, written back by
/// respondWithHTTPRawResponse), after retrying it only if the target's policy matches its status (pkg/resiliency/retry.go
/// statusCodeNeedRetry; ours matches 429 and 5xx, components/common/resiliency.yaml). daprd's own failures are its 500
/// ERR_DIRECT_INVOKE (an unknown app id, an unreachable app, an open breaker), 403 when an access-control policy denies
/// the call and 404 only for a path without an app id (pkg/messages/predefined.go). So a 400, 413, 415 or 422 here is
/// the scorer's verdict on the request's bytes, which a retry would send again: a <see cref="ScorerRefusedException"/>.
/// Every other answer may heal: 5xx, 408 and 429 by themselves; 401, 403, 404 and 405 name the caller's credentials or
/// the route (a token or ACL being rolled out, a scorer version without the route), not the request, and heal with
/// the deployment.
/// </remarks>
public sealed class ScorerClient(HttpClient http) : IScorer
{
    /// <summary>The longest excerpt of a refusal kept in the exception (and so in the dead letter).</summary>
    private const int MaxProblemChars = 1000;

    /// <summary>
    /// One call for the whole batch (<c>{"batch": [...]}</c>); the scorer refuses more than its <c>Scorer:MaxBatchSize</c>
    /// (1,024 by default) vectors, which the feature extractor's batch size may not exceed.
    /// </summary>
    public async ValueTask<IReadOnlyList<Score>> ScoreBatchAsync(IReadOnlyList<float[]> vectors, CancellationToken cancellationToken)
    {
        using var content = JsonContent.Create(new ScoreRequest(FeatureSchema.Version, Batch: [.. vectors]), ContractsJsonContext.Default.ScoreRequest);
        using var response = await http.PostAsync("score", content, cancellationToken);
        await ThrowIfFailedAsync(response, cancellationToken);
        var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.ScoreResponse, cancellationToken);
        return result is not null && result.Probabilities.Length == vectors.Count
            ? [.. result.Probabilities.Select(p => new Score(p, result.ModelVersion, result.FeatureSchemaVersion))]
            : throw new InvalidDataException($"{Topology.ScorerAppId} did not answer one probability per vector of a batch of {vectors.Count}.");
    }

    public async ValueTask<Score> ScoreAsync(float[] features, CancellationToken cancellationToken)
    {
        using var content = JsonContent.Create(new ScoreRequest(FeatureSchema.Version, features), ContractsJsonContext.Default.ScoreRequest);
        using var response = await http.PostAsync("score", content, cancellationToken);
        await ThrowIfFailedAsync(response, cancellationToken);
        var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.ScoreResponse, cancellationToken);
        return result is { Probabilities: [var probability] }
            ? new Score(probability, result.ModelVersion, result.FeatureSchemaVersion)
            : throw new InvalidDataException($"{Topology.ScorerAppId} did not answer exactly one probability for one vector.");
    }

    private static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.UnprocessableContent)
        {
            throw new ScorerRefusedException((int)response.StatusCode, Problem(await response.Content.ReadAsStringAsync(cancellationToken)));
        }

        await InvocationFailure.ThrowIfFailedAsync(response, Topology.ScorerAppId, cancellationToken);
    }

    /// <summary>"title: detail" of a ProblemDetails body (the scorer's answers are), otherwise the body's start.</summary>
    private static string Problem(string body)
    {
        string? text = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                text = string.Join(": ", new[] { Member(json.RootElement, "title"), Member(json.RootElement, "detail") }.Where(part => !string.IsNullOrWhiteSpace(part)));
            }
        }
        catch (JsonException)
        {
            // Not JSON: the body is quoted as it is.
        }

        text = string.IsNullOrEmpty(text) ? (body.Length == 0 ? "(no body)" : body) : text;
        return text.Length > MaxProblemChars ? text[..MaxProblemChars] + "…" : text;
    }

    private static string? Member(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

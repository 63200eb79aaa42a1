using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.Scorer.Scoring;

/// <summary>What is wrong with a request, keyed by the JSON member at fault, and a one-sentence summary.</summary>
internal sealed record RequestProblems(Dictionary<string, string[]> Errors, string Detail);

/// <summary>Checks a <see cref="ScoreRequest"/> before any model is touched.</summary>
internal static class ScoreRequestRules
{
    /// <summary>At most this many faulty vectors are listed: enough to see a pattern, short enough to read.</summary>
    public const int MaxListedVectors = 10;

    public static RequestProblems? Check(ScoreRequest request, int maxBatchSize)
    {
        if (request.Features is null && request.Batch is null)
        {
            return One("features", "the request has neither 'features' (one vector) nor 'batch' (several vectors); send exactly one of them.");
        }

        if (request.Features is not null && request.Batch is not null)
        {
            return One("batch", "the request has both 'features' and 'batch'; send exactly one of them.");
        }

        if (request.FeatureSchemaVersion != FeatureSchema.Version)
        {
            return One("featureSchemaVersion", $"featureSchemaVersion {request.FeatureSchemaVersion} is not supported; this scorer scores version {FeatureSchema.Version} vectors.");
        }

        if (request.Features is { } features)
        {
            return FeatureVector.Problem(request.FeatureSchemaVersion, features) is { } problem ? One("features", problem) : null;
        }

        var batch = request.Batch!;
        if (batch.Length == 0) return One("batch", "'batch' is empty; send at least one vector.");
        if (batch.Length > maxBatchSize)
        {
            return One("batch", $"'batch' has {batch.Length} vectors; at most {maxBatchSize} are scored per request, split it.");
        }

        Dictionary<string, string[]>? errors = null;
        var faulty = 0;
        string? first = null;
        for (var i = 0; i < batch.Length; i++)
        {
            var problem = batch[i] is { } vector ? FeatureVector.Problem(request.FeatureSchemaVersion, vector) : "the vector is null.";
            if (problem is null) continue;
            faulty++;
            var key = $"batch[{i}]";
            first ??= $"{key}: {problem}";
            errors ??= new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (errors.Count < MaxListedVectors) errors[key] = [problem];
        }

        if (errors is null) return null;
        var more = faulty > 1 ? $" ({faulty} of {batch.Length} vectors cannot be scored.)" : string.Empty;
        return new RequestProblems(errors, first + more);
    }

    private static RequestProblems One(string member, string problem) =>
        new(new Dictionary<string, string[]>(StringComparer.Ordinal) { [member] = [problem] }, problem);
}

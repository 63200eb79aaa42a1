using System.Globalization;
using System.Net.Http.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Dapr.Invocation;

/// <summary>
/// <c>GET /features?userId=…&amp;asOf=…</c> on offline-features through the sidecar, which calls
/// <c>/v1.0/invoke/offline-features/method/features?userId=…</c>. The id is in the query string because daprd forwards
/// a query string unchanged but rewrites the method path (Dapr 1.18 decodes it into the app URL; <c>..</c> segments
/// collapse even before the request leaves this process). A batch is one <c>POST /features/batch</c> with the pairs in
/// the body (no id in the URL at all). Failures throw; the processor turns them into degraded predictions with
/// cold-start features.
/// </summary>
public sealed class OfflineFeaturesClient(HttpClient http) : IOfflineFeaturesSource
{
    public async ValueTask<UserOfflineFeatures> GetAsync(string userId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        // Round-trip format: the full tick precision of the session start, so the service reads exactly the same history.
        var path = $"features?userId={Uri.EscapeDataString(userId)}&asOf={Uri.EscapeDataString(asOf.ToString("O", CultureInfo.InvariantCulture))}";
        using var response = await http.GetAsync(path, cancellationToken);
        await InvocationFailure.ThrowIfFailedAsync(response, Topology.OfflineFeaturesAppId, cancellationToken);
        return await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.UserOfflineFeatures, cancellationToken)
            ?? throw new InvalidDataException($"{Topology.OfflineFeaturesAppId} answered an empty body.");
    }

    /// <summary>
    /// One call for every pair; offline-features refuses more than its <c>OfflineFeatures:MaxBatchPairs</c> (1,024 by
    /// default, the largest bulk batch). The answer must be one set of features per pair, in order, each for its user.
    /// </summary>
    public async ValueTask<IReadOnlyList<UserOfflineFeatures>> GetBatchAsync(IReadOnlyList<OfflineFeaturesPair> pairs, CancellationToken cancellationToken)
    {
        using var content = JsonContent.Create(new OfflineFeaturesBatchRequest([.. pairs]), ContractsJsonContext.Default.OfflineFeaturesBatchRequest);
        using var response = await http.PostAsync("features/batch", content, cancellationToken);
        await InvocationFailure.ThrowIfFailedAsync(response, Topology.OfflineFeaturesAppId, cancellationToken);
        var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.OfflineFeaturesBatchResponse, cancellationToken);
        if (result?.Features is not { } features || features.Length != pairs.Count)
        {
            throw new InvalidDataException($"{Topology.OfflineFeaturesAppId} did not answer one set of features per pair of a batch of {pairs.Count}.");
        }

        for (var i = 0; i < features.Length; i++)
        {
            if (features[i] is null || !string.Equals(features[i].UserId, pairs[i].UserId, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{Topology.OfflineFeaturesAppId} answered pair {i} of a batch for another user than was asked.");
            }
        }

        return features;
    }
}

using System.Globalization;
using System.Net.Http.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Dapr.Invocation;

/// <summary>
/// <c>GET /features?userId=…&amp;asOf=…</c> on offline-features through the sidecar, which calls
/// <c>/v1.0/invoke/offline-features/method/features?userId=…</c>. The id is in the query string because daprd forwards
/// a query string unchanged but rewrites the method path (Dapr 1.18 decodes it into the app URL; <c>..</c> segments
/// collapse even before the request leaves this process). Failures throw; the processor turns them into a degraded
/// prediction with cold-start features.
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
}

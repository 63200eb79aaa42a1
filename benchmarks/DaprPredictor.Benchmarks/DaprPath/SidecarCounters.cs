using System.Text.Json;
using DaprPredictor.Contracts;

namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>
/// The fake daprd's counters (<c>GET /fake/stats</c>): calls per sidecar and name, the broker's backlog, the MySQL
/// queries, and the page views the feature extractor's sidecar delivered again because a delivery was not acknowledged
/// (a RETRY, or no answer within the inbound policy's timeout: the app may then end the same event twice).
/// </summary>
internal sealed record SidecarCounters(IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Calls, long Backlog, long BindingQueries, long PageViewRedeliveries)
{
    public static async Task<SidecarCounters> ReadAsync(HttpClient client, Uri stats)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync(stats));
        var root = json.RootElement;
        var calls = root.GetProperty("sidecars").EnumerateArray().ToDictionary(
            s => s.GetProperty("appId").GetString()!,
            s => (IReadOnlyDictionary<string, long>)s.GetProperty("calls").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetInt64(), StringComparer.Ordinal),
            StringComparer.Ordinal);
        var redeliveries = root.GetProperty("sidecars").EnumerateArray()
            .Where(s => s.GetProperty("appId").GetString() == Topology.FeatureExtractorAppId)
            .SelectMany(s => s.GetProperty("subscriptions").EnumerateArray())
            .Where(s => s.GetProperty("topic").GetString() == Topology.PageViewsTopic)
            .Sum(s => s.GetProperty("retries").GetInt64());
        return new SidecarCounters(
            calls,
            root.GetProperty("broker").GetProperty("backlog").GetInt64(),
            root.GetProperty("bindingQueries").GetInt64(),
            redeliveries);
    }

    /// <summary>Calls of one sidecar made between <paramref name="before"/> and this reading, by name.</summary>
    public IReadOnlyDictionary<string, long> Since(SidecarCounters before, string appId)
    {
        var then = before.Calls.GetValueOrDefault(appId) ?? new Dictionary<string, long>();
        return Calls[appId].ToDictionary(c => c.Key, c => c.Value - then.GetValueOrDefault(c.Key), StringComparer.Ordinal);
    }
}

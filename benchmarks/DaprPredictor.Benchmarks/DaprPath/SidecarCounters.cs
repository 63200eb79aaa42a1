using System.Text.Json;

namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>The fake daprd's counters (<c>GET /fake/stats</c>): calls per sidecar and name, and the broker's backlog.</summary>
internal sealed record SidecarCounters(IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Calls, long Backlog, long BindingQueries)
{
    public static async Task<SidecarCounters> ReadAsync(HttpClient client, Uri stats)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync(stats));
        var root = json.RootElement;
        var calls = root.GetProperty("sidecars").EnumerateArray().ToDictionary(
            s => s.GetProperty("appId").GetString()!,
            s => (IReadOnlyDictionary<string, long>)s.GetProperty("calls").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetInt64(), StringComparer.Ordinal),
            StringComparer.Ordinal);
        return new SidecarCounters(
            calls,
            root.GetProperty("broker").GetProperty("backlog").GetInt64(),
            root.GetProperty("bindingQueries").GetInt64());
    }

    /// <summary>Calls of one sidecar made between <paramref name="before"/> and this reading, by name.</summary>
    public IReadOnlyDictionary<string, long> Since(SidecarCounters before, string appId)
    {
        var then = before.Calls.GetValueOrDefault(appId) ?? new Dictionary<string, long>();
        return Calls[appId].ToDictionary(c => c.Key, c => c.Value - then.GetValueOrDefault(c.Key), StringComparer.Ordinal);
    }
}

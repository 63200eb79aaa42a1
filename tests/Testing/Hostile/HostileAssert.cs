using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DaprPredictor.Testing.Hostile;

/// <summary>What every entry owes a hostile request: a 4xx ProblemDetails that names the problem, never a 5xx.</summary>
public static class HostileAssert
{
    /// <summary>Asserts a ProblemDetails of <paramref name="status"/>; returns its JSON.</summary>
    /// <param name="reason">The <c>reason</c> member it must carry, if any.</param>
    /// <param name="mentions">Words its title or detail must contain (case-insensitive), if any.</param>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, int status, string? reason = null, string? mentions = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        return Problem((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, status, reason, mentions);
    }

    public static JsonElement Problem(RawHttp.Response response, int status, string? reason = null, string? mentions = null) =>
        Problem(response.Status, response.ContentType is { } type ? MediaTypeHeaderValue.Parse(type).MediaType : null, response.Body, status, reason, mentions);

    private static JsonElement Problem(int actual, string? mediaType, string body, int status, string? reason, string? mentions)
    {
        Assert.True(actual == status, $"expected {status}, got {actual}: {Shorten(body)}");
        Assert.True(mediaType == "application/problem+json", $"expected a ProblemDetails, got '{mediaType}': {Shorten(body)}");
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement.Clone();
        Assert.Equal(status, root.GetProperty("status").GetInt32());
        var text = $"{Text(root, "title")} {Text(root, "detail")}";
        Assert.False(string.IsNullOrWhiteSpace(Text(root, "detail")), $"the ProblemDetails says what is wrong: {Shorten(body)}");
        if (reason is not null) Assert.True(Text(root, "reason") == reason, $"expected reason '{reason}': {Shorten(body)}");
        if (mentions is not null) Assert.True(text.Contains(mentions, StringComparison.OrdinalIgnoreCase), $"expected the problem to mention '{mentions}': {Shorten(body)}");
        return root;
    }

    /// <summary>What <c>POST /predict</c> owes a hostile event: 200 when it is valid, 413 when too large, else 400 naming its reason.</summary>
    public static async Task PredictAnswerAsync(HttpResponseMessage response, HostileEvent bad)
    {
        switch (bad.Reason)
        {
            case null:
                Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"a valid event: {(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync())}");
                break;
            case HostileEvents.PayloadTooLarge:
                await ProblemAsync(response, 413, mentions: "bytes");
                break;
            default:
                await ProblemAsync(response, 400, reason: bad.Reason);
                break;
        }
    }

    /// <summary>What <c>GET /users/{id}/prediction</c> owes a hostile id: 400 naming its reason, or 404 when it is just an unknown user.</summary>
    public static Task LatestPredictionAnswerAsync(HttpResponseMessage response, HostileIds.Entry id) =>
        id.Reason is null ? ProblemAsync(response, 404) : ProblemAsync(response, 400, reason: id.Reason);

    /// <summary>The client gave up mid-body: the connection closed, or a 4xx came first; never a 5xx.</summary>
    public static void Abandoned(RawHttp.Response response) =>
        Assert.True(response.Status == 0 || response.Status is >= 400 and < 500, $"expected the connection closed or a 4xx, got {response}");

    /// <summary>Kestrel refused the request before the app saw it: the status, and a connection that was answered, not dropped.</summary>
    public static void RefusedByServer(RawHttp.Response response, int status) =>
        Assert.True(response.Status == status, $"expected {status} from the server, got {response}");

    public static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The address a host started on Kestrel listens on.</summary>
    public static Uri Address(IServiceProvider services) =>
        new(services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}

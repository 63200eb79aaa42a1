using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DaprPredictor.Testing;

/// <summary>
/// Calls every endpoint an app really maps (read from its <see cref="EndpointDataSource"/>, so an endpoint added later
/// cannot escape) without the app API token, with wrong ones and with the right one. Only the probes and the
/// Prometheus scrape may answer without it: daprd sends <c>dapr-api-token</c> on every call it makes to the app, and
/// nothing else should call the app directly.
/// </summary>
public static partial class AppApiTokenProbe
{
    public const string Token = "app-token-for-tests-3f9c2a";

    /// <summary>Called by kubelet and Prometheus directly, not through daprd (docs/resilience.md, "Security").</summary>
    public static readonly string[] Open = ["/health", "/alive", "/metrics"];

    /// <summary>Header values that must all be refused: absent, empty, wrong, the right one in another case, with a scheme, twice.</summary>
    private static readonly string[][] Refused = [[], [""], ["wrong"], [Token.ToUpperInvariant()], ["Bearer " + Token], [Token + "x"], [Token, Token]];

    /// <summary>Each endpoint's HTTP method, a concrete path for its route (parameters filled in) and the route as mapped.</summary>
    public static IReadOnlyList<(string Method, string Path, string Route)> Endpoints(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method =>
            {
                var route = "/" + (e.RoutePattern.RawText ?? string.Empty).TrimStart('/');
                return (method, RouteParameter().Replace(route, "u-1"), route);
            }))
            .Distinct()];

    /// <param name="mapped">Routes the app is known to map: proves the enumeration sees the real endpoints.</param>
    public static async Task AssertOnlyProbesAndScrapingAnswerWithoutTheTokenAsync(HttpClient client, IServiceProvider services, params string[] mapped)
    {
        var endpoints = Endpoints(services);
        Assert.All(mapped.Concat(Open), route => Assert.Contains(endpoints, e => e.Route == route));

        foreach (var (method, path, route) in endpoints)
        {
            if (Open.Contains(route))
            {
                Assert.NotEqual(HttpStatusCode.Unauthorized, await SendAsync(client, method, path, []));
                continue;
            }

            foreach (var values in Refused)
            {
                Assert.True(await SendAsync(client, method, path, values) == HttpStatusCode.Unauthorized, $"{method} {route} answered without the token ({string.Join(", ", values)})");
            }

            Assert.NotEqual(HttpStatusCode.Unauthorized, await SendAsync(client, method, path, [Token]));
        }

        // Not a way around the check either: a path below an open one, and one that no endpoint maps.
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(client, "GET", "/health/../users/u-1/prediction", []));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(client, "GET", "/metrics/extra", []));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(client, "GET", "/no-such-endpoint", []));
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string method, string path, string[] tokens)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        if (tokens.Length > 0) request.Headers.TryAddWithoutValidation("dapr-api-token", tokens);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}

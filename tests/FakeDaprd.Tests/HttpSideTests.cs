using System.Net;
using System.Text.Json;
using Dapr.Client;

namespace DaprPredictor.FakeDaprd.Tests;

/// <summary>
/// The sidecar's HTTP API as the SDK uses it: health (dapr/dapr pkg/api/http/healthz.go) and service invocation
/// (directmessaging.go, pkg/channel/http/http_channel.go), with the error bodies of pkg/messages/predefined.go.
/// </summary>
public sealed class HttpSideTests
{
    [Fact]
    public async Task HealthIsNoContentWhenReadyAndErrHealthNotReadyOtherwise()
    {
        await using var sidecar = await Sidecar.StartAsync();
        using var http = new HttpClient();

        Assert.True(await sidecar.Client.CheckHealthAsync());
        Assert.True(await sidecar.Client.CheckOutboundHealthAsync());
        await sidecar.Client.WaitForSidecarAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await http.GetAsync(new Uri(sidecar.HttpEndpoint, "/v1.0/healthz"))).StatusCode);

        sidecar.Daprd.Fail = op => op.StartsWith("healthz", StringComparison.Ordinal) ? DaprdFailures.Internal("[grpc-api-server]") : null;

        Assert.False(await sidecar.Client.CheckHealthAsync());
        Assert.False(await sidecar.Client.CheckOutboundHealthAsync());
        var (status, code, _) = await ErrorAsync(await http.GetAsync(new Uri(sidecar.HttpEndpoint, "/v1.0/healthz/outbound")));
        Assert.Equal((500, "ERR_OUTBOUND_HEALTH_NOT_READY"), (status, code));
    }

    [Fact]
    public async Task InvocationForwardsTheMethodPathBodyAndTheQueryStringUnchangedAndAnswersWithTheAppsResponse()
    {
        await using var sidecar = await Sidecar.StartAsync();
        var app = new RecordingApp(HttpStatusCode.Accepted, """{"ok":true}""");
        sidecar.Daprd.MapApp("scorer", app, appApiToken: "app-token");
        using var client = DaprClient.CreateInvokeHttpClient("scorer", sidecar.HttpEndpoint.ToString());

        using var response = await client.PostAsync("/score/batch?asOf=2026-01-01T00%3A00%3A00%2B01%3A00&x=a+b&x=%2F", new StringContent("[1,2]"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("""{"ok":true}""", await response.Content.ReadAsStringAsync());
        var forwarded = Assert.Single(app.Requests);
        Assert.Equal((HttpMethod.Post, "/score/batch?asOf=2026-01-01T00%3A00%3A00%2B01%3A00&x=a+b&x=%2F", "[1,2]", "app-token"), forwarded);
    }

    // Dapr 1.14–1.18 alike: pkg/diagnostics/http_tracing.go starts daprd's span from the caller's traceparent, and
    // pkg/channel/http/http_channel.go sends that span's context to the app.
    [Fact]
    public async Task InvocationCarriesTheCallersTraceOnUnderASpanOfItsOwn()
    {
        await using var sidecar = await Sidecar.StartAsync();
        var app = new RecordingApp();
        sidecar.Daprd.MapApp("scorer", app);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sidecar.HttpEndpoint, "/v1.0/invoke/scorer/method/score"));
        request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        using var response = await http.SendAsync(request);

        var forwarded = Assert.Single(app.Traceparents);
        Assert.Matches("^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$", forwarded);
        Assert.DoesNotContain("00f067aa0ba902b7", forwarded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownAppIdIs500ErrDirectInvokeAndAnInjectedFailureToo()
    {
        await using var sidecar = await Sidecar.StartAsync();
        sidecar.Daprd.MapApp("scorer", new RecordingApp());
        sidecar.Daprd.Fail = op => op == "invoke:scorer" ? DaprdFailures.Unavailable : null;
        using var http = new HttpClient();

        var unknown = await ErrorAsync(await http.GetAsync(new Uri(sidecar.HttpEndpoint, "/v1.0/invoke/nobody/method/users?x=1")));
        var failing = await ErrorAsync(await http.GetAsync(new Uri(sidecar.HttpEndpoint, "/v1.0/invoke/scorer/method/score")));

        Assert.Equal((500, "ERR_DIRECT_INVOKE", "failed to invoke, id: nobody, err: couldn't find service: nobody"), unknown);
        Assert.Equal((500, "ERR_DIRECT_INVOKE", "failed to invoke, id: scorer, err: rpc error: code = Unavailable desc = connection refused"), failing);
    }

    [Theory]
    [InlineData(1, 18, "/users/a/b/features?asOf=1")]
    [InlineData(1, 17, "/users/a%2Fb/features?asOf=1")]
    public async Task Dapr118DecodesTheMethodPathWhileDapr117AndEarlierForwardItAsSent(int major, int minor, string expected)
    {
        await using var sidecar = await Sidecar.StartAsync(new Version(major, minor));
        var app = new RecordingApp();
        sidecar.Daprd.MapApp("offline-features", app);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(sidecar.HttpEndpoint, "/v1.0/invoke/offline-features/method/users/a%2Fb/features?asOf=1"));

        Assert.Equal(expected, Assert.Single(app.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Dapr118CleansDotSegmentsAndSendsADecodedQuestionMarkIntoTheQuery()
    {
        await using var sidecar = await Sidecar.StartAsync(new Version(1, 18));
        var app = new RecordingApp();
        sidecar.Daprd.MapApp("offline-features", app);
        using var http = new HttpClient();

        await http.GetAsync(new Uri(sidecar.HttpEndpoint, "/v1.0/invoke/offline-features/method/users/%2E%2E/admin/features"));
        await http.GetAsync(new Uri(sidecar.HttpEndpoint, "/v1.0/invoke/offline-features/method/users/a%3Fb/features?asOf=1"));

        Assert.Equal(["/admin/features", "/users/a?b/features?asOf=1"], app.Requests.Select(r => r.PathAndQuery));
    }

    private static async Task<(int Status, string Code, string Message)> ErrorAsync(HttpResponseMessage response)
    {
        using (response)
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return ((int)response.StatusCode, json.RootElement.GetProperty("errorCode").GetString()!, json.RootElement.GetProperty("message").GetString()!);
        }
    }
}

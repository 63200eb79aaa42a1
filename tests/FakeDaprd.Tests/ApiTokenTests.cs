using System.Net;
using Dapr.Client;
using Grpc.Core;

namespace DaprPredictor.FakeDaprd.Tests;

/// <summary>daprd started with DAPR_API_TOKEN (dapr/dapr pkg/api/grpc/auth.go, pkg/api/http/middlewares.go; 1.14–1.18 alike).</summary>
public sealed class ApiTokenTests
{
    [Fact]
    public async Task WithATokenConfiguredCallsWithoutItAreRefusedAndHealthStaysOpen()
    {
        await using var sidecar = await Sidecar.StartAsync(configure: o => new DaprdOptions { AppId = o.AppId, ApiToken = "s3cret" });
        sidecar.Daprd.MapApp("scorer", new RecordingApp());
        using var http = new HttpClient();

        await DaprErrorAssert.ThrowsAsync(StatusCode.Unauthenticated, null, () => sidecar.Client.GetByteStateAndETagAsync(Sidecar.Store, "k"));
        var invoke = await http.GetAsync(new Uri(sidecar.HttpEndpoint, "/v1.0/invoke/scorer/method/score"));

        Assert.Equal(HttpStatusCode.Unauthorized, invoke.StatusCode);
        Assert.True(await sidecar.Client.CheckHealthAsync());
    }

    [Fact]
    public async Task WithTheTokenTheSdkReachesBothSides()
    {
        await using var sidecar = await Sidecar.StartAsync(configure: o => new DaprdOptions { AppId = o.AppId, ApiToken = "s3cret" });
        var app = new RecordingApp();
        sidecar.Daprd.MapApp("scorer", app);
        using var client = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint.ToString()).UseHttpEndpoint(sidecar.HttpEndpoint.ToString()).UseDaprApiToken("s3cret").Build();
        using var invoke = DaprClient.CreateInvokeHttpClient("scorer", sidecar.HttpEndpoint.ToString(), "s3cret");

        await client.SaveByteStateAsync(Sidecar.Store, "k", new byte[] { 1 });
        using var response = await invoke.GetAsync("/score");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Assert.Single(app.Requests).Token);
        Assert.Equal(1, sidecar.Daprd.StateWrites);
    }
}

using System.Text;
using Dapr.Client;
using DaprPredictor.FakeDaprd.Hosting;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace DaprPredictor.FakeDaprd.Tests;

/// <summary>The gRPC side served from a TestServer instead of Kestrel: no port, the SDK's channel on the server's handler.</summary>
public sealed class TestServerHostingTests
{
    [Fact]
    public async Task TheSdkReachesTheFakeOnATestServerThroughGrpcChannelOptions()
    {
        var daprd = new Daprd(options: new DaprdOptions());
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddFakeDaprd(daprd);
        await using var app = builder.Build();
        app.MapFakeDaprd();
        await app.StartAsync();
        using var client = new DaprClientBuilder()
            .UseGrpcEndpoint("http://localhost")
            .UseGrpcChannelOptions(new GrpcChannelOptions { HttpHandler = app.GetTestServer().CreateHandler() })
            .Build();

        await client.SaveByteStateAsync("statestore", "k", Encoding.UTF8.GetBytes("v"));

        Assert.Equal(("v", "1"), (Encoding.UTF8.GetString(daprd.StateStore().Get("k")!.Data), daprd.StateStore().Get("k")!.ETag));
    }
}

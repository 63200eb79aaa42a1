using System.Net;
using Dapr.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaprPredictor.FakeDaprd.Hosting;

/// <summary>
/// A fake daprd on Kestrel, as daprd listens: gRPC (HTTP/2 cleartext) on one port, the HTTP API (HTTP/1.1) on another,
/// both on loopback. Port 0 picks free ports (tests); fixed ports serve a process that apps reach through
/// DAPR_GRPC_PORT / DAPR_HTTP_PORT (the load benchmark). The SDK's own HTTP client cannot be handed a TestServer
/// handler, so even in-process the HTTP side needs a socket; the gRPC side could run on a TestServer through
/// <see cref="DaprdEndpoints"/>, but one Kestrel host keeps both sides alike.
/// </summary>
public sealed class DaprdHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private DaprdHost(WebApplication app, Daprd daprd, Uri grpc, Uri http) => (_app, Daprd, GrpcEndpoint, HttpEndpoint) = (app, daprd, grpc, http);

    public Daprd Daprd { get; }

    public Uri GrpcEndpoint { get; }

    public Uri HttpEndpoint { get; }

    public static async Task<DaprdHost> StartAsync(Daprd daprd, int grpcPort = 0, int httpPort = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        ListenOptions? grpc = null, http = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, grpcPort, o => (grpc = o).Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, httpPort, o => (http = o).Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddRouting();
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.Services.AddFakeDaprd(daprd);
        var app = builder.Build();
        app.UseRouting();
        app.MapFakeDaprd();
        await app.StartAsync(cancellationToken);
        return new DaprdHost(app, daprd, Endpoint(grpc!), Endpoint(http!));
    }

    /// <summary>A real DaprClient of the SDK pointed at this sidecar, as DaprClientBuilder builds it for an app.</summary>
    public DaprClient CreateClient() =>
        new DaprClientBuilder().UseGrpcEndpoint(GrpcEndpoint.ToString()).UseHttpEndpoint(HttpEndpoint.ToString()).Build();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await Daprd.StopDeliveriesAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static Uri Endpoint(ListenOptions options) => new($"http://127.0.0.1:{options.IPEndPoint!.Port}");
}

using Dapr.Client;
using DaprPredictor.FakeDaprd.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace DaprPredictor.FakeDaprd.Tests;

/// <summary>A fake daprd on loopback ports and the SDK's DaprClient pointed at it, as an app gets it.</summary>
public sealed class Sidecar : IAsyncDisposable
{
    public const string Store = "statestore";
    public const string PubSub = "pubsub";
    public const string Binding = "purchases-db";

    private readonly DaprdHost _host;

    private Sidecar(DaprdHost host, FakeTimeProvider clock)
    {
        (_host, Clock) = (host, clock);
        Client = host.CreateClient();
    }

    public FakeTimeProvider Clock { get; }

    public Daprd Daprd => _host.Daprd;

    public DaprClient Client { get; }

    public Uri HttpEndpoint => _host.HttpEndpoint;

    public Uri GrpcEndpoint => _host.GrpcEndpoint;

    public static async Task<Sidecar> StartAsync(Version? runtime = null, Func<DaprdOptions, DaprdOptions>? configure = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var options = new DaprdOptions { AppId = "app", RuntimeVersion = runtime ?? new Version(1, 18), Bindings = [Binding] };
        return new Sidecar(await DaprdHost.StartAsync(new Daprd(clock, configure?.Invoke(options) ?? options)), clock);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
    }
}

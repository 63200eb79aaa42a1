using Dapr.Client;
using DaprPredictor.FakeDaprd.Hosting;
using DaprPredictor.FakeDaprd.PubSub;

namespace DaprPredictor.FakeDaprd.Tests.Delivery;

/// <summary>
/// The subscriber app behind a fake daprd that has read its subscriptions, and the SDK's DaprClient on the same
/// sidecar to publish with. Short retry intervals (the fates, not the timing, are under test).
/// </summary>
internal sealed class DeliveryRig : IAsyncDisposable
{
    private readonly DaprdHost _host;

    private DeliveryRig(SubscriberApp app, DaprdHost host, IReadOnlyList<Subscription> subscriptions)
    {
        (App, _host, Subscriptions) = (app, host, subscriptions);
        Client = host.CreateClient();
    }

    public SubscriberApp App { get; }

    public Daprd Daprd => _host.Daprd;

    public DaprClient Client { get; }

    public IReadOnlyList<Subscription> Subscriptions { get; }

    public SubscriptionStats Stats(string topic) => Daprd.SubscriptionStats.Single(s => s.Topic == topic);

    /// <param name="wrapApp">Wraps the app's handler, e.g. to see the requests daprd sends it.</param>
    public static async Task<DeliveryRig> StartAsync(
        DeliveryRetryPolicy? retry = null, int partitions = 4, string? appApiToken = null, int maxBatch = 4, Func<HttpMessageHandler, HttpMessageHandler>? wrapApp = null, int awaitMs = 1000)
    {
        var app = await SubscriberApp.StartAsync(maxBatch, awaitMs);
        var backends = new Backends(broker: new BrokerOptions { Partitions = partitions, ConsumeRetryInterval = TimeSpan.FromMilliseconds(50) });
        var daprd = new Daprd(options: new DaprdOptions { AppId = "shop", InboundRetry = retry ?? DeliveryRetryPolicy.Constant(TimeSpan.FromMilliseconds(10), 2) }, backends: backends);
        daprd.ConnectApp(wrapApp?.Invoke(app.Handler) ?? app.Handler, appApiToken: appApiToken);
        var host = await DaprdHost.StartAsync(daprd);
        return new DeliveryRig(app, host, await daprd.SubscribeAppAsync());
    }

    public Task PublishAsync(Order order, string topic = SubscriberApp.Orders) =>
        Client.PublishEventAsync(SubscriberApp.PubSub, topic, order, new Dictionary<string, string> { ["partitionKey"] = order.Customer });

    /// <summary>Waits until the broker has nothing queued or in delivery (at most a minute, then fails).</summary>
    public async Task SettledAsync()
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromMinutes(1); waited += TimeSpan.FromMilliseconds(20))
        {
            if (Daprd.Broker.Backlog == 0) return;
            await Task.Delay(20);
        }

        Assert.Fail($"The broker still holds {Daprd.Broker.Backlog} message(s) after a minute. {Describe()}");
    }

    /// <summary>Waits until <paramref name="condition"/> holds (at most a minute, then fails with <paramref name="what"/>).</summary>
    public async Task UntilAsync(Func<bool> condition, string what)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromMinutes(1); waited += TimeSpan.FromMilliseconds(20))
        {
            if (condition()) return;
            await Task.Delay(20);
        }

        Assert.Fail($"Waited a minute for {what}. {Describe()}");
    }

    private string Describe() => string.Join("; ", Daprd.SubscriptionStats.Select(s => s.ToString()));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
        await App.DisposeAsync();
    }
}

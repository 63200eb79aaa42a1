using System.Collections.Concurrent;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.FakeDaprd;
using DaprPredictor.FakeDaprd.Hosting;
using DaprPredictor.Pipeline.Monitoring;
using DaprPredictor.Simulator.Publishing;
using DaprPredictor.Simulator.Simulation;
using DaprPredictor.Simulator.Streams;

namespace DaprPredictor.Simulator.Tests;

/// <summary>The shop's purchases go out on their own topic between the page views, so live grading sees the outcomes.</summary>
public sealed class PurchaseStreamTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "daprpredictor-simulator-purchases", Guid.NewGuid().ToString("N"));

    public PurchaseStreamTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task PurchasesBesideTheFileArePublishedInTimeOrderBetweenThePageViewsAndMoveWithTheRebase()
    {
        // Page views at minutes 0, 10, 20 (u-1, u-2, u-1); the stream ends at minute 20.
        var events = WriteEvents((0, "u-1"), (10, "u-2"), (20, "u-1"));
        WritePurchases(
            Purchase(1, "u-1", -60),  // before the stream: labels nothing, left out
            Purchase(2, "u-2", 10),   // at the instant of a page view: sent before it
            Purchase(3, "u-1", 15),
            Purchase(4, "u-2", 50),   // after the last page view, within the 30-minute attribution window: sent
            Purchase(5, "u-1", 51));  // beyond it: left out

        var (published, summary) = await RunAsync(new SimulationOptions { File = events, Rebase = true });

        var offset = Now - T0.AddMinutes(20);
        Assert.Equal(offset, summary.RebasedBy);
        Assert.Equal(
            ["view u-1 0", "purchase u-2 10", "view u-2 10", "purchase u-1 15", "view u-1 20", "purchase u-2 50"],
            published.Select(c => $"{(c.IsPurchase ? "purchase" : "view")} {c.PartitionKey} {(c.Timestamp!.Value - offset - T0).TotalMinutes}"));
        Assert.Equal((3, 3, 2), (summary.PageViews, summary.Purchases, summary.Users));

        // What the feature extractor's purchases subscription reads: the rebased instant, the user, the amount.
        var cleaning = new CleaningOptions();
        var first = published.First(c => c.IsPurchase);
        Assert.Equal(Topology.PurchasesTopic, first.Topic);
        Assert.True(PurchaseMessage.TryRead(first.Payload, cleaning, out var read, out var problem), problem);
        Assert.Equal(new PurchaseRecord(2, "u-2", 12.5m, T0.AddMinutes(10) + offset), read);
    }

    [Fact]
    public async Task NoPurchasesPublishesThePageViewsOnly()
    {
        var events = WriteEvents((0, "u-1"), (10, "u-2"));
        WritePurchases(Purchase(1, "u-1", 5));

        var (published, summary) = await RunAsync(new SimulationOptions { File = events, SendPurchases = false });

        Assert.All(published, c => Assert.Equal(Topology.PageViewsTopic, c.Topic));
        Assert.Equal((2, 0), (summary.PageViews, summary.Purchases));
    }

    [Fact]
    public async Task ALimitCutsThePageViewsAndThePurchasesAfterTheirAttributionWindow()
    {
        var events = WriteEvents((0, "u-1"), (10, "u-1"), (100, "u-1"));
        WritePurchases(Purchase(1, "u-1", 5), Purchase(2, "u-1", 39), Purchase(3, "u-1", 41));

        var (published, summary) = await RunAsync(new SimulationOptions { File = events, Limit = 2 });

        Assert.Equal((2, 2), (summary.PageViews, summary.Purchases));
        Assert.Equal([1L, 2L], published.Where(c => c.IsPurchase).Select(c => PurchaseId(c)));
    }

    [Fact]
    public async Task TheSyntheticShopsPurchasesOfTheStreamsPeriodGoOutEachBeforeTheUsersNextPageView()
    {
        var (published, summary) = await RunAsync(new SimulationOptions { SyntheticUsers = 400, Seed = 42, Rebase = true });

        Assert.True(summary.Purchases > 0, "a day of 400 synthetic users has purchases");
        var times = published.Select(c => c.Timestamp!.Value).ToList();
        Assert.Equal(times.Order(), times);
        Assert.InRange(published.Where(c => c.IsPurchase).Min(c => c.Timestamp!.Value), published.Where(c => !c.IsPurchase).Min(c => c.Timestamp!.Value), Now);
    }

    [Fact]
    public async Task APurchaseIsPublishedToThePurchasesTopicKeyedByItsUser()
    {
        var daprd = new Daprd(options: new DaprdOptions { AppId = Topology.ClickstreamSimulatorAppId, StateStores = [], PubSubs = [Topology.PubSubComponent] });
        await using var sidecar = await DaprdHost.StartAsync(daprd);
        using var dapr = sidecar.CreateClient();
        var click = ClickEventReader.FromPurchase(Purchase(9, "u-3", 0));

        await new DaprClickPublisher(dapr).PublishAsync(click, CancellationToken.None);

        var message = Assert.Single(daprd.Published);
        Assert.Equal(Topology.PurchasesTopic, message.Topic);
        Assert.Equal("u-3", message.Metadata["partitionKey"]);
        Assert.Equal(click.Payload, message.Data);
    }

    private static async Task<(List<ClickEvent> Published, SimulationSummary Summary)> RunAsync(SimulationOptions options)
    {
        var published = new ConcurrentQueue<ClickEvent>();
        var runner = new SimulationRunner(
            (click, _) =>
            {
                published.Enqueue(click);
                return Task.CompletedTask;
            },
            TimeProvider.System,
            TextWriter.Null);
        var summary = await runner.RunAsync(ClickstreamSource.Open(options, Now), options with { MaxPending = 1 }, CancellationToken.None);
        return ([.. published], summary);
    }

    private static PurchaseRecord Purchase(long id, string user, int minute) => new(id, user, 12.5m, T0.AddMinutes(minute));

    private static long PurchaseId(ClickEvent click) =>
        System.Text.Json.JsonSerializer.Deserialize(click.Payload, ContractsJsonContext.Default.PurchaseRecord)!.PurchaseId;

    private string WriteEvents(params (int Minute, string User)[] views)
    {
        var path = Path.Combine(_directory, "events.jsonl");
        JsonLines.Write(path, views.Select((v, i) => new PageViewEvent($"e-{i}", v.User, "s-" + v.User, "/", Rfc3339.Format(T0.AddMinutes(v.Minute)))), ContractsJsonContext.Default.PageViewEvent);
        return path;
    }

    private void WritePurchases(params PurchaseRecord[] purchases) =>
        JsonLines.Write(Path.Combine(_directory, ClickstreamSource.PurchasesFileName), purchases, ContractsJsonContext.Default.PurchaseRecord);
}

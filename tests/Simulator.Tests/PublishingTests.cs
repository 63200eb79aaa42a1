using System.Collections.Concurrent;
using System.Text;
using DaprPredictor.Contracts;
using DaprPredictor.FakeDaprd;
using DaprPredictor.FakeDaprd.Hosting;
using DaprPredictor.Simulator.Publishing;
using DaprPredictor.Simulator.Simulation;
using DaprPredictor.Simulator.Streams;

namespace DaprPredictor.Simulator.Tests;

public sealed class PublishingTests
{
    [Fact]
    public async Task ThePublisherSendsTheRawJsonToPageViewsWithTheUserIdAsPartitionKey()
    {
        var daprd = new Daprd(options: new DaprdOptions { AppId = Topology.ClickstreamSimulatorAppId, StateStores = [], PubSubs = [Topology.PubSubComponent] });
        await using var sidecar = await DaprdHost.StartAsync(daprd);
        using var dapr = sidecar.CreateClient();
        var payload = Encoding.UTF8.GetBytes("""{"userId":"u-7","timestamp":"2026-01-27T09:10:59.004Z","page":"/"}""");

        await new DaprClickPublisher(dapr).PublishAsync(new ClickEvent("u-7", null, payload), CancellationToken.None);

        var message = Assert.Single(daprd.Published);
        Assert.Equal(Topology.PubSubComponent, message.PubSub);
        Assert.Equal(Topology.PageViewsTopic, message.Topic);
        Assert.Equal(payload, message.Data);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal("u-7", message.Metadata["partitionKey"]);
    }

    [Fact]
    public async Task EachUsersEventsArePublishedOneAtATimeInOrderWhileUsersRunConcurrently()
    {
        var random = new Random(7);
        var published = new ConcurrentQueue<(string User, int Seq)>();
        var busyUsers = new ConcurrentDictionary<string, int>();
        var overlaps = 0;
        var inFlight = 0;
        var maxInFlight = 0;

        async Task Publish((string User, int Seq) item, CancellationToken cancellationToken)
        {
            if (busyUsers.AddOrUpdate(item.User, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref overlaps);
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            int delay;
            lock (random) delay = random.Next(0, 4);
            await Task.Delay(delay, cancellationToken);
            published.Enqueue(item);
            Interlocked.Decrement(ref inFlight);
            busyUsers.AddOrUpdate(item.User, 0, (_, n) => n - 1);
        }

        await using (var sequencer = new PerKeySequencer<(string User, int Seq)>(Publish, maxPending: 64))
        {
            for (var i = 0; i < 600; i++)
            {
                var item = ($"u-{i % 20}", i / 20);
                await sequencer.EnqueueAsync(item.Item1, item, CancellationToken.None);
            }

            await sequencer.CompleteAsync();
        }

        Assert.Equal(600, published.Count);
        Assert.Equal(0, overlaps);
        Assert.True(maxInFlight > 1, "users should be published concurrently");
        foreach (var user in published.GroupBy(p => p.User))
        {
            Assert.Equal(Enumerable.Range(0, 30), user.Select(p => p.Seq));
        }
    }

    [Fact]
    public async Task AfterAFailedPublishNothingMoreIsPublishedAndCompletionReportsTheFailure()
    {
        var published = new ConcurrentQueue<int>();
        Task Publish(int item, CancellationToken cancellationToken)
        {
            if (item == 3) throw new InvalidOperationException("broker down");
            published.Enqueue(item);
            return Task.CompletedTask;
        }

        var sequencer = new PerKeySequencer<int>(Publish, maxPending: 1);
        for (var i = 0; i < 10 && sequencer.Failure is null; i++)
        {
            await sequencer.EnqueueAsync("u-1", i, CancellationToken.None);
        }

        var failure = await Assert.ThrowsAsync<SequencerFailedException>(sequencer.CompleteAsync);
        Assert.Contains("broker down", failure.Message, StringComparison.Ordinal);
        Assert.Equal([0, 1, 2], published);
        await sequencer.DisposeAsync();
    }

    [Fact]
    public void PacingSpreadsEventsEvenlyAtTheRequestedRate()
    {
        Assert.Equal(TimeSpan.Zero, Pacing.DueAfter(0, 50));
        Assert.Equal(TimeSpan.FromSeconds(2), Pacing.DueAfter(100, 50));
        Assert.Equal(TimeSpan.FromMilliseconds(250), Pacing.DueAfter(1, 4));
        Assert.Equal(TimeSpan.Zero, Pacing.DueAfter(1_000, 0));
    }

    [Fact]
    public async Task ARunPublishesUpToTheLimitAndCountsTheUsers()
    {
        var published = new ConcurrentQueue<ClickEvent>();
        var file = Path.Combine(Path.GetTempPath(), $"clicks-{Guid.NewGuid():N}.jsonl");
        var lines = Enumerable.Range(0, 12).Select(i => $$"""{"userId":"u-{{i % 3}}","eventId":"e-{{i}}","timestamp":"2026-01-27T09:{{10 + i}}:00.000Z","page":"/"}""");
        await File.WriteAllLinesAsync(file, lines);
        try
        {
            var options = new SimulationOptions { File = file, Rebase = true, Limit = 9 };
            var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
            var source = ClickstreamSource.Open(options, now);
            var runner = new SimulationRunner((click, _) =>
            {
                published.Enqueue(click);
                return Task.CompletedTask;
            }, TimeProvider.System, TextWriter.Null);

            var summary = await runner.RunAsync(source, options, CancellationToken.None);

            Assert.Equal(9, summary.PageViews);
            Assert.Equal(0, summary.Purchases);
            Assert.Equal(3, summary.Users);
            Assert.Equal(now - new DateTimeOffset(2026, 1, 27, 9, 21, 0, TimeSpan.Zero), summary.RebasedBy);
            Assert.Equal(now.AddMinutes(-3), published.Max(c => c.Timestamp));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

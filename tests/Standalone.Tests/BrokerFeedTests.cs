using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Embedded;

namespace DaprPredictor.Standalone.Tests;

/// <summary>
/// A replay hands the embedded broker its whole feed and the consumers read it as they run dry: each user's events must
/// still be processed in feed order, and the feed may not be read further ahead than the partitions' queues hold.
/// </summary>
[Collection(StandaloneCollection.Name)]
public class BrokerFeedTests(StandaloneModel model)
{
    private const int Capacity = 4;
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddMinutes(-20);

    private static PageViewMessage Message(int i, string userId)
    {
        var at = Start.AddMilliseconds(i * 100);
        var json = PageViewJson.Serialize(new PageViewEvent($"e-{i:D4}", userId, $"s-{userId}", "/product/p-00001", Rfc3339.Format(at), "p-00001", "shoes", 25));
        return new PageViewMessage(System.Text.Encoding.UTF8.GetBytes(json), null, at, userId);
    }

    private static string EventId(PageViewMessage message) => PageViewJson.TryParse(message.Json.Span, out var e, out _) ? e!.EventId! : "?";

    [Fact]
    public async Task AFedStreamIsProcessedInFeedOrderForEachUserAndReadNoFurtherAheadThanThePartitionsHold()
    {
        using var host = new StandaloneHost(model.Files.Model, settings: new Dictionary<string, string> { ["Broker:Capacity"] = $"{Capacity}" });
        var broker = host.Get<EmbeddedBroker>();
        var messages = Enumerable.Range(0, 600).Select(i => Message(i, $"u-{i * 7 % 13}")).ToList();
        var settledByUser = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        long yielded = 0, settled = 0, mostAhead = 0;
        broker.Settled = (message, _) =>
        {
            lock (settledByUser)
            {
                if (!settledByUser.TryGetValue(message.PartitionKey, out var ids)) settledByUser[message.PartitionKey] = ids = [];
                ids.Add(EventId(message));
            }

            Interlocked.Increment(ref settled);
        };

        IEnumerable<PageViewMessage> Feed()
        {
            foreach (var message in messages)
            {
                // Read ahead of what is settled: queued, being processed, or held for a full partition.
                mostAhead = Math.Max(mostAhead, ++yielded - Interlocked.Read(ref settled));
                yield return message;
            }
        }

        await broker.FeedAsync(Feed(), CancellationToken.None);
        await broker.WhenIdleAsync(CancellationToken.None);

        Assert.Equal((600L, 600L), (host.Counts.Received, host.Counts.Scored));
        var expected = messages.GroupBy(m => m.PartitionKey).ToDictionary(g => g.Key, g => g.Select(EventId).ToList());
        Assert.Equal(expected.Keys.Order(), settledByUser.Keys.Order());
        Assert.All(expected, user => Assert.Equal(user.Value, settledByUser[user.Key]));

        // Two partitions of four, the message being read and the one held for a full partition.
        Assert.InRange(mostAhead, 1, (2 * Capacity) + 2);
    }

    [Fact]
    public async Task AFeedThatFailsFaultsItsTaskAndTheBrokerGoesOnWithWhatWasQueuedAndWhatComesNext()
    {
        using var host = new StandaloneHost(model.Files.Model);
        var broker = host.Get<EmbeddedBroker>();

        IEnumerable<PageViewMessage> Broken()
        {
            for (var i = 0; i < 10; i++) yield return Message(i, $"u-{i % 3}");
            throw new IOException("the spool ended early");
        }

        var failure = await Assert.ThrowsAsync<IOException>(() => broker.FeedAsync(Broken(), CancellationToken.None));
        Assert.Equal("the spool ended early", failure.Message);
        await broker.FeedAsync(Enumerable.Range(10, 5).Select(i => Message(i, "u-9")), CancellationToken.None);
        await broker.WhenIdleAsync(CancellationToken.None);

        Assert.Equal((15L, 15L), (host.Counts.Received, host.Counts.Scored));
    }

    [Fact]
    public async Task ACancelledFeedStopsBeingReadAndItsTaskIsCancelled()
    {
        using var host = new StandaloneHost(model.Files.Model);
        var broker = host.Get<EmbeddedBroker>();
        using var cancel = new CancellationTokenSource();
        var read = 0;

        IEnumerable<PageViewMessage> Endless()
        {
            for (var i = 0; ; i++)
            {
                if (++read == 50) cancel.Cancel();
                yield return Message(i, $"u-{i % 5}");
            }
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => broker.FeedAsync(Endless(), cancel.Token));
        await broker.WhenIdleAsync(CancellationToken.None);

        Assert.InRange(read, 50, 51);
        Assert.Equal(host.Counts.Received, host.Counts.Scored);
        Assert.InRange(host.Counts.Received, 49, 50);
    }
}

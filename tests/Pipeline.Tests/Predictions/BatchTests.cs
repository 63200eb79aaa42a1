using System.Text;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Pipeline.Predictions;
using static DaprPredictor.Pipeline.Tests.Predictions.ProcessorRig;

namespace DaprPredictor.Pipeline.Tests.Predictions;

/// <summary>
/// A bulk delivery processed as a batch (<see cref="PageViewProcessor.ProcessBatchAsync"/>) on the embedded seams'
/// defaults: the same rules, fates and probabilities as one event at a time, and a failure handing back only what it
/// concerns.
/// </summary>
public sealed class BatchTests
{
    /// <summary>
    /// Three users, new sessions by session id, a redelivery, a late event, an invalid one, out of order within a session;
    /// all within the window's TTL, so that when the clock reads them does not matter.
    /// </summary>
    private static readonly PageViewEvent[] Stream =
    [
        View("a1", TimeSpan.Zero, "/", user: "a"),
        View("b1", TimeSpan.FromSeconds(5), "/search?q=x", user: "b"),
        View("a2", TimeSpan.FromSeconds(30), "/product/p-1", user: "a", price: 20),
        View("c1", TimeSpan.FromSeconds(31), "/", user: "c"),
        View("a1", TimeSpan.Zero, "/", user: "a"),
        View("b3", TimeSpan.FromSeconds(90), "/cart", user: "b"),
        View("b2", TimeSpan.FromSeconds(60), "/product/p-2", user: "b", price: 35),
        new("bad", null, "s-1", "/", Rfc3339.Format(T.AddSeconds(70))),
        View("a3", TimeSpan.FromMinutes(20), "/", session: "s-2", user: "a"),
        View("a0", TimeSpan.FromSeconds(-10), "/help", user: "a"),
        View("c2", TimeSpan.FromMinutes(25), "/checkout", session: "s-9", user: "c"),
        View("a4", TimeSpan.FromMinutes(21), "/category/shoes", session: "s-2", user: "a"),
    ];

    /// <param name="mixedOnTheEmbeddedStore">
    /// Both on the in-memory store itself, and every other chunk delivered one event at a time: the single path's slots
    /// (copied in and out) and the batch's values (read and saved as <see cref="UserState"/>) take turns on the same keys.
    /// </param>
    [Theory]
    [InlineData(1, false)]
    [InlineData(5, false)]
    [InlineData(12, false)]
    [InlineData(3, true)]
    [InlineData(5, true)]
    public async Task AStreamInBatchesGetsTheFatesProbabilitiesAndWindowsOfOneEventAtATime(int batchSize, bool mixedOnTheEmbeddedStore)
    {
        var single = new ProcessorRig(mixedOnTheEmbeddedStore);
        var fates = new List<BatchFate>();
        foreach (var e in Stream)
        {
            fates.Add(Fate(await single.DeliverAsync(e)));
        }

        var batched = new ProcessorRig(mixedOnTheEmbeddedStore);
        var batchFates = new List<BatchFate>();
        foreach (var (chunk, index) in Stream.Chunk(batchSize).Select((c, i) => (c, i)))
        {
            if (mixedOnTheEmbeddedStore && index % 2 == 1)
            {
                foreach (var e in chunk) batchFates.Add(Fate(await batched.DeliverAsync(e)));
                continue;
            }

            var latest = chunk.Max(e => Rfc3339.TryParse(e.Timestamp, out var at) ? at : T) + Transit;
            if (latest > batched.Clock.GetUtcNow()) batched.Clock.SetUtcNow(latest);
            batchFates.AddRange(await batched.Processor.ProcessBatchAsync([.. chunk.Select(Entry)], CancellationToken.None));
        }

        Assert.Equal("SSSSDSSRSRSS", string.Concat(fates.Select(f => f.ToString()[0])));
        Assert.Equal(fates, batchFates);
        Assert.Equal(Probabilities(single), Probabilities(batched));
        Assert.Equal(single.Publisher.DeadLetters.Select(l => (l.Reason, l.EventId)), batched.Publisher.DeadLetters.Select(l => (l.Reason, l.EventId)));
        foreach (var user in new[] { "a", "b", "c" })
        {
            Assert.Equal(Window(await single.StoredAsync(user)), Window(await batched.StoredAsync(user)));
        }

        var (one, many) = (single.Metrics.Snapshot(), batched.Metrics.Snapshot());
        Assert.Equal((one.Received, one.Scored, one.Duplicates, one.DeadLetteredTotal, one.Retried), (many.Received, many.Scored, many.Duplicates, many.DeadLetteredTotal, many.Retried));
    }

    [Fact]
    public async Task APredictionTheBrokerRefusesHandsBackItsEventAndTheUsersLaterOnesAndKeepsTheRest()
    {
        var rig = new ProcessorRig();
        rig.Clock.SetUtcNow(T.AddMinutes(1));
        rig.Publisher.FailMessage = (topic, json) => topic == Topology.PredictionsTopic && json.Contains("\"eventId\":\"a2\"", StringComparison.Ordinal) ? new IOException("broker refused") : null;
        PageViewEvent[] batch = [View("a1", TimeSpan.Zero, user: "a"), View("b1", TimeSpan.Zero, user: "b"), View("a2", TimeSpan.FromSeconds(10), user: "a"), View("a3", TimeSpan.FromSeconds(20), user: "a")];

        var fates = await rig.Processor.ProcessBatchAsync([.. batch.Select(Entry)], CancellationToken.None);

        Assert.Equal([BatchFate.Scored, BatchFate.Scored, BatchFate.Retried, BatchFate.Retried], fates);
        Assert.Equal(["a1"], (await rig.StoredAsync("a"))!.Window.RecentEventIds);
        rig.Publisher.FailMessage = (_, _) => null;
        Assert.Equal([BatchFate.Scored, BatchFate.Scored], await rig.Processor.ProcessBatchAsync([Entry(batch[2]), Entry(batch[3])], CancellationToken.None));
        Assert.Equal(["a3", "a2", "a1"], (await rig.StoredAsync("a"))!.Window.RecentEventIds);
        var counts = rig.Metrics.Snapshot();
        Assert.Equal((6L, 4L, 2L), (counts.Received, counts.Scored, counts.Retried));
    }

    [Fact]
    public async Task AnEntryWhoseEnvelopeCouldNotBeReadIsDeadLetteredWithItsReasonAndTextAsReceived()
    {
        var rig = new ProcessorRig();
        rig.Clock.SetUtcNow(T.AddMinutes(1));
        var problem = new Domain.Cleaning.Rejection(Domain.Cleaning.RejectReason.InvalidCloudEvent, "the CloudEvent has no data.");

        var fates = await rig.Processor.ProcessBatchAsync([new BatchEntry(default, problem, "{\"id\":\"x\"}"), Entry(View("a1", TimeSpan.Zero))], CancellationToken.None);

        Assert.Equal([BatchFate.Rejected, BatchFate.Scored], fates);
        var letter = Assert.Single(rig.Publisher.DeadLetters);
        Assert.Equal(("invalid-cloud-event", "{\"id\":\"x\"}", null), (letter.Reason, letter.Payload, letter.EventId));
    }

    private static BatchEntry Entry(PageViewEvent e) => new(Encoding.UTF8.GetBytes(PageViewJson.Serialize(e)));

    private static IReadOnlyList<(string EventId, double Probability)> Probabilities(ProcessorRig rig) =>
        [.. rig.Publisher.Predictions.Select(p => (p.EventId, p.Probability)).OrderBy(p => p.EventId, StringComparer.Ordinal)];

    private static BatchFate Fate(ProcessingResult result) =>
        result.Fate switch { EventFate.Scored => BatchFate.Scored, EventFate.Duplicate => BatchFate.Duplicate, _ => BatchFate.Rejected };

    private static string Window(UserState? state) => JsonSerializer.Serialize(state?.Window, ContractsJsonContext.Default.UserWindow);
}

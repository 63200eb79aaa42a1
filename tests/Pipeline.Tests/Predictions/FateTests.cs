using System.Text;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Pipeline.Predictions;
using static DaprPredictor.Pipeline.Tests.Predictions.ProcessorRig;

namespace DaprPredictor.Pipeline.Tests.Predictions;

/// <summary>
/// Every delivery ends scored, as a duplicate, or rejected with a reason (a message dead-lettered, a request only
/// answered), or is handed back for redelivery; the counts say which, and add up.
/// </summary>
public sealed class FateTests
{
    [Fact]
    public async Task ARedeliveryOfTheNewestEventIsADuplicateAnsweredWithTheSamePrediction()
    {
        var rig = new ProcessorRig();
        var scored = await rig.DeliverAsync(View("e1", TimeSpan.Zero));

        var again = await rig.DeliverAsync(View("e1", TimeSpan.Zero));

        Assert.Equal((EventFate.Duplicate, scored.Prediction), (again.Fate, again.Prediction));
        Assert.Single(rig.Publisher.Predictions);
        Assert.Equal(1, (await rig.StoredAsync())!.Window.EventCount);
        Assert.Equal((1, 1), (rig.Metrics.Snapshot().Scored, rig.Metrics.Snapshot().Duplicates));
    }

    [Fact]
    public async Task ARedeliveryOfAnOlderEventIsADuplicateWithoutAPrediction()
    {
        var rig = new ProcessorRig();
        await rig.DeliverAllAsync(View("e1", TimeSpan.Zero), View("e2", TimeSpan.FromMinutes(1)));

        var again = await rig.DeliverAsync(View("e1", TimeSpan.Zero));

        Assert.Equal((EventFate.Duplicate, null), (again.Fate, again.Prediction));
        Assert.Equal(2, rig.Publisher.Predictions.Count);
    }

    [Fact]
    public async Task AnEventOfAClosedSessionIsDeadLetteredAsLateNamingTheNewestEventAndLeavesTheWindowAlone()
    {
        var rig = new ProcessorRig();
        await rig.DeliverAllAsync(View("e1", TimeSpan.Zero, session: "s-1"), View("e2", TimeSpan.FromMinutes(10), session: "s-2"));
        var late = View("e0", TimeSpan.FromMinutes(5), session: "s-1");

        var result = await rig.DeliverAsync(late);

        Assert.Equal((EventFate.Rejected, RejectReason.LateEvent), (result.Fate, result.Rejection!.Reason));
        var letter = Assert.Single(rig.Publisher.DeadLetters);
        Assert.Equal(("late-event", "e0", "u-1", T.AddMinutes(10) + Transit), (letter.Reason, letter.EventId, letter.UserId, letter.RejectedAt));
        Assert.Contains("2026-03-01T12:10:00.000Z", letter.Detail, StringComparison.Ordinal);
        Assert.Equal(late, JsonSerializer.Deserialize(letter.Payload, ContractsJsonContext.Default.PageViewEvent));
        Assert.Equal(("page-views-dead-letter", "u-1"), (rig.Publisher.Messages[^1].Topic, rig.Publisher.Messages[^1].PartitionKey));
        var window = (await rig.StoredAsync())!.Window;
        Assert.Equal(("s-2", 1), (window.SessionId, window.EventCount));
        Assert.Equal(1, rig.Metrics.Snapshot().DeadLettered["late-event"]);
    }

    [Fact]
    public async Task AnInvalidMessageIsDeadLetteredUnderItsEventIdWhenItHasNoUser()
    {
        var rig = new ProcessorRig();
        var invalid = View("e1", TimeSpan.Zero) with { UserId = null };

        var result = await rig.DeliverAsync(invalid);

        Assert.Equal((EventFate.Rejected, RejectReason.MissingUserId), (result.Fate, result.Rejection!.Reason));
        var letter = Assert.Single(rig.Publisher.DeadLetters);
        Assert.Equal(("missing-user-id", result.Rejection.Detail, "e1", null), (letter.Reason, letter.Detail, letter.EventId, letter.UserId));
        Assert.Equal(invalid, JsonSerializer.Deserialize(letter.Payload, ContractsJsonContext.Default.PageViewEvent));
        Assert.Equal("e1", Assert.Single(rig.Publisher.Messages).PartitionKey);
        var counts = rig.Metrics.Snapshot();
        Assert.Equal(1, counts.DeadLettered["missing-user-id"]);
        Assert.Empty(counts.RejectedRequests);
    }

    [Fact]
    public async Task AnInvalidRequestIsAnsweredWithItsReasonAndNothingIsDeadLettered()
    {
        var rig = new ProcessorRig();

        var result = await rig.DeliverAsync(View("e1", TimeSpan.Zero) with { UserId = null }, Delivery.Request);

        Assert.Equal((EventFate.Rejected, RejectReason.MissingUserId), (result.Fate, result.Rejection!.Reason));
        Assert.Empty(rig.Publisher.Messages);
        var counts = rig.Metrics.Snapshot();
        Assert.Equal(1, counts.RejectedRequests["missing-user-id"]);
        Assert.Empty(counts.DeadLettered);
    }

    [Fact]
    public async Task MalformedJsonIsDeadLetteredWithTheTextAsReceivedUnderAnUnknownKey()
    {
        var rig = new ProcessorRig();
        const string body = """{"eventId":"e1","userId":""";

        var result = await rig.Processor.ProcessAsync(Encoding.UTF8.GetBytes(body), Delivery.Message, CancellationToken.None);

        Assert.Equal((EventFate.Rejected, RejectReason.MalformedJson), (result.Fate, result.Rejection!.Reason));
        var letter = Assert.Single(rig.Publisher.DeadLetters);
        Assert.Equal(("malformed-json", null, null, body), (letter.Reason, letter.EventId, letter.UserId, letter.Payload));
        Assert.Equal("unknown", Assert.Single(rig.Publisher.Messages).PartitionKey);
        Assert.Equal((1, 1L), (rig.Metrics.Snapshot().Received, rig.Metrics.Snapshot().DeadLettered["malformed-json"]));
    }

    [Fact]
    public async Task AWellFormedBodyIsScored()
    {
        var rig = new ProcessorRig();
        rig.Clock.Advance(Transit);
        var body = """{"eventId":"e1","userId":"u-1","sessionId":"s-1","page":"/cart","timestamp":"2026-03-01T12:00:00Z","unknownField":1}""";

        var result = await rig.Processor.ProcessAsync(Encoding.UTF8.GetBytes(body), Delivery.Message, CancellationToken.None);

        Assert.Equal((EventFate.Scored, "e1"), (result.Fate, result.Prediction!.EventId));
        Assert.Equal(1, Vectors.Slot(Assert.Single(rig.Scorer.Seen), "last_page_cart"));
        Assert.Equal((1, 1), (rig.Metrics.Snapshot().Received, rig.Metrics.Snapshot().Scored));
    }

    [Fact]
    public async Task APayloadThatCouldNotBeReadIsDeadLetteredAsGiven()
    {
        var rig = new ProcessorRig();

        var result = await rig.Processor.RejectPayloadAsync(
            new Rejection(RejectReason.PayloadTooLarge, "the body is over 64 KB."), "{\"eventId\":\"e1\"", Delivery.Message, CancellationToken.None);

        Assert.Equal(EventFate.Rejected, result.Fate);
        var letter = Assert.Single(rig.Publisher.DeadLetters);
        Assert.Equal(("payload-too-large", "the body is over 64 KB.", "{\"eventId\":\"e1\""), (letter.Reason, letter.Detail, letter.Payload));
        Assert.Equal((1, 1L), (rig.Metrics.Snapshot().Received, rig.Metrics.Snapshot().DeadLettered["payload-too-large"]));
    }

    [Fact]
    public async Task ADeadLetterThatCannotBePublishedHandsTheMessageBackForRedelivery()
    {
        var rig = new ProcessorRig();
        rig.Publisher.FailOn = topic => topic == Topology.DeadLetterTopic ? new HttpRequestException("pubsub down") : null;

        await Assert.ThrowsAsync<HttpRequestException>(async () => await rig.DeliverAsync(View("e1", TimeSpan.Zero) with { UserId = null }));

        var counts = rig.Metrics.Snapshot();
        Assert.Equal((1, 1), (counts.Received, counts.Retried));
        Assert.Empty(counts.DeadLettered);
    }

    [Fact]
    public async Task ACancellationThatIsNotTheCallersIsATransientFailureAndCountedAsRetried()
    {
        var rig = new ProcessorRig();
        rig.Scorer.FailOn = _ => new TaskCanceledException("the scorer's HTTP call timed out");

        await Assert.ThrowsAsync<TaskCanceledException>(async () => await rig.DeliverAsync(View("e1", TimeSpan.Zero)));

        Assert.Equal(1, rig.Metrics.Snapshot().Retried);
    }

    [Fact]
    public async Task EveryDeliveryIsCountedOnceAndTheCountsAddUp()
    {
        var rig = new ProcessorRig();
        await rig.DeliverAllAsync(View("e1", TimeSpan.Zero), View("e2", TimeSpan.FromMinutes(1)), View("e2", TimeSpan.FromMinutes(1)));
        await rig.DeliverAsync(View("e3", TimeSpan.FromMinutes(2)) with { Page = null });
        await rig.DeliverAsync(View("e4", TimeSpan.FromMinutes(2)) with { SessionId = null }, Delivery.Request);
        rig.Scorer.FailOn = _ => new InvalidOperationException("the model is reloading");
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await rig.DeliverAsync(View("e5", TimeSpan.FromMinutes(3))));

        var counts = rig.Metrics.Snapshot();
        Assert.Equal((6, 2, 1, 1, 1, 1), (counts.Received, counts.Scored, counts.Duplicates, counts.DeadLetteredTotal, counts.RejectedRequestsTotal, counts.Retried));
        Assert.Equal(counts.Received, counts.Settled);
    }
}

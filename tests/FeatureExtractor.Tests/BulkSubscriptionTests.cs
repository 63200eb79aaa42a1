using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Windows;
using DaprPredictor.FeatureExtractor.Subscriptions;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Testing;
using Grpc.Core;

namespace DaprPredictor.FeatureExtractor.Tests;

/// <summary>
/// The bulk subscription (<c>PageViews:Bulk:Enabled</c>) on the fake daprd: one bulk read, one scoring call, one bulk
/// publish and one bulk save per delivery, each entry answered on its own, the counts adding up. The failure paths are
/// daprd's (Dapr 1.14–1.18 alike unless a test says otherwise).
/// </summary>
public class BulkSubscriptionTests
{
    private static readonly PurchaseFeatures Buyer = new(3, 120, 40, 12.5, ColdStart: false);

    private static FeatureExtractorFactory NewApp(int maxMessages = 100, Version? runtime = null)
    {
        var app = new FeatureExtractorFactory { Settings = FeatureExtractorFactory.BulkSettings(maxMessages), RuntimeVersion = runtime ?? new Version(1, 18) };
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(v => 0.01 * v[FeatureSchema.Names.ToList().IndexOf("session_events")]);
        return app;
    }

    private static PageViewEvent View(string eventId, string userId, int second, string page = "/product/p-00042", string sessionId = "s-1") =>
        CloudEvents.PageView(eventId, userId, FeatureExtractorFactory.Now.AddSeconds(second - 60), page, sessionId);

    private static UserState? State(FeatureExtractorFactory app, string userId)
    {
        var stored = app.Dapr.StateStore(Topology.StateStoreComponent).Get(PageViewProcessor.StateKey(userId));
        return stored is null ? null : JsonSerializer.Deserialize(stored.Data, ContractsJsonContext.Default.UserState);
    }

    private static long Calls(FeatureExtractorFactory app, string method) => app.Dapr.Calls.GetValueOrDefault(method);

    private static int ScorerCalls(FeatureExtractorFactory app) => app.Apps.LogEntries.Count(e => e.RequestMessage.Path == "/score");

    private static IReadOnlyList<Prediction> Predictions(FeatureExtractorFactory app) =>
        [.. app.Dapr.PublishedTo(Topology.PredictionsTopic).Select(m => JsonSerializer.Deserialize(m.Json, ContractsJsonContext.Default.Prediction)!)];

    private static void AssertCountsAddUp(PipelineCounts counts) =>
        Assert.Equal(counts.Received, counts.Scored + counts.Duplicates + counts.DeadLetteredTotal + counts.Retried);

    [Fact]
    public async Task WithBulkOnThePageViewTopicIsSubscribedOnTheBulkRouteWithItsBatchSizeAndAwaitTime()
    {
        using var app = NewApp(maxMessages: 50);

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/dapr/subscribe"));

        var pageViews = json.RootElement.EnumerateArray().Single(s => s.GetProperty("topic").GetString() == Topology.PageViewsTopic);
        Assert.Equal(PageViewBulkSubscriptionApi.Route.TrimStart('/'), pageViews.GetProperty("route").GetString()!.TrimStart('/'));
        Assert.Equal(Topology.DeadLetterTopic, pageViews.GetProperty("deadLetterTopic").GetString());
        var bulk = pageViews.GetProperty("bulkSubscribe");
        Assert.Equal((true, 50, 1000), (bulk.GetProperty("enabled").GetBoolean(), bulk.GetProperty("maxMessagesCount").GetInt32(), bulk.GetProperty("maxAwaitDurationMs").GetInt32()));
    }

    /// <summary>The bulk calls go through a gRPC channel of their own: it must find the sidecar where the SDK's client does.</summary>
    [Fact]
    public async Task TheBulkCallsFindTheSidecarByDaprsPortVariablesAsTheSdkDoes()
    {
        using var app = new FeatureExtractorFactory { Settings = FeatureExtractorFactory.BulkSettings(), SidecarByPorts = true };
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.3);

        Assert.Equal(["SUCCESS"], await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-1", "u-1", 0))));
        Assert.Equal((1L, 1L, 1L), (Calls(app, "GetBulkState"), Calls(app, "SaveState"), Calls(app, "BulkPublishEvent")));
    }

    [Fact]
    public async Task ABatchOfOneIsScoredWithOneCallOfEachKind()
    {
        using var app = NewApp();

        var statuses = await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-1", "u-1", 0)));

        Assert.Equal(["SUCCESS"], statuses);
        Assert.Equal((1L, 1L, 1L, 1), (Calls(app, "GetBulkState"), Calls(app, "SaveState"), Calls(app, "BulkPublishEvent"), ScorerCalls(app)));
        Assert.Equal((0L, 0L), (Calls(app, "GetState"), Calls(app, "PublishEvent")));
        var published = Assert.Single(app.Dapr.PublishedTo(Topology.PredictionsTopic));
        Assert.Equal(("u-1", Topology.PredictionEventType, true), (published.Metadata["partitionKey"], published.Metadata["cloudevent.type"], published.Bulk));
        Assert.Equal("e-1", State(app, "u-1")!.LatestPrediction!.EventId);
        Assert.Equal("1860", app.Dapr.LastTtl[PageViewProcessor.StateKey("u-1")]);
        Assert.Equal((1L, 1L), (app.Counts.Received, app.Counts.Scored));
    }

    [Fact]
    public async Task ABatchMixingValidInvalidAndDuplicateEntriesAnswersEachOnItsOwn()
    {
        using var app = NewApp();
        Assert.Equal(["SUCCESS"], await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-old", "u-2", 0))));

        var statuses = await app.DeliverBulkStatusesAsync(BulkDeliveries.Of(
            CloudEvents.EnvelopeJson(PageViewJson.Serialize(View("e-1", "u-1", 1))),
            CloudEvents.EnvelopeJson("""{"eventId":"e-bad","sessionId":"s-1","page":"/","timestamp":"2026-03-01T11:59:00Z"}"""),
            CloudEvents.EnvelopeJson(PageViewJson.Serialize(View("e-1", "u-1", 1))),
            CloudEvents.EnvelopeJson(PageViewJson.Serialize(View("e-old", "u-2", 0))),
            """{"specversion":"1.0","datacontenttype":"application/json"}""",
            CloudEvents.EnvelopeJson(PageViewJson.Serialize(View("e-2", "u-2", 2)))));

        Assert.Equal(["SUCCESS", "DROP", "SUCCESS", "SUCCESS", "DROP", "SUCCESS"], statuses);
        Assert.Equal([RejectReason.MissingUserId.Code(), RejectReason.InvalidCloudEvent.Code()], app.DeadLetters.Select(l => l.Reason));
        Assert.Equal("e-bad", app.DeadLetters[0].EventId);
        Assert.Equal(["e-old", "e-1", "e-2"], Predictions(app).Select(p => p.EventId));
        Assert.Equal((1, 2), (State(app, "u-1")!.Window.EventCount, State(app, "u-2")!.Window.EventCount));
        var counts = app.Counts;
        Assert.Equal((7L, 3L, 2L, 2L, 0L), (counts.Received, counts.Scored, counts.Duplicates, counts.DeadLetteredTotal, counts.Retried));
        AssertCountsAddUp(counts);
        // The first batch's predictions; the second's predictions and its dead letters.
        Assert.Equal(3L, Calls(app, "BulkPublishEvent"));
    }

    [Fact]
    public async Task SeveralEventsOfOneUserAreAppliedInDeliveryOrderToOneWindowSavedOnce()
    {
        using var app = NewApp();

        var statuses = await app.DeliverBulkStatusesAsync(BulkDeliveries.For(
            View("e-1", "u-1", 0, "/"),
            View("e-9", "u-9", 0),
            View("e-2", "u-1", 10, "/search?q=shoes"),
            View("e-3", "u-1", 20, "/cart")));

        Assert.Equal(["SUCCESS", "SUCCESS", "SUCCESS", "SUCCESS"], statuses);
        var window = State(app, "u-1")!.Window;
        Assert.Equal(3, window.EventCount);
        // Newest first, as the window keeps them.
        Assert.Equal(["e-3", "e-2", "e-1"], window.RecentEventIds);
        Assert.Equal([PageType.Cart, PageType.Search, PageType.Home], window.RecentPages.Select(p => p.Page));
        Assert.Equal("e-3", State(app, "u-1")!.LatestPrediction!.EventId);
        // Each prediction was made on the window as it stood after its own event, published in the user's order.
        Assert.Equal([("e-1", 0.01), ("e-2", 0.02), ("e-3", 0.03), ("e-9", 0.01)], Predictions(app).Select(p => (p.EventId, Math.Round(p.Probability, 6))));
        Assert.Equal((1L, 1L, 1), (Calls(app, "SaveState"), Calls(app, "GetBulkState"), ScorerCalls(app)));
        Assert.Equal(2, app.Dapr.StateWrites);
        // One offline lookup per user and session, not per event, all in one call.
        Assert.Equal([["u-1", "u-9"]], app.OfflineBatches.Select(b => b.Select(p => p.UserId)));
        Assert.Equal(0, app.Apps.LogEntries.Count(e => e.RequestMessage.Path == "/features"));
    }

    /// <summary>
    /// Another writer moves u-2's window between the batch's read and its save. daprd answers the bulk save Aborted for
    /// the whole call (grpc.go getStateErrorCode) though u-1 and u-3 were written; the app reads the keys back, keeps
    /// those two and redoes u-2 alone on the window the other writer left.
    /// </summary>
    [Fact]
    public async Task AConflictOnOneUsersSaveRedoesThatUserAloneAndLosesNothing()
    {
        using var app = NewApp();
        Assert.Equal(["SUCCESS"], await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-0", "u-2", 0))));
        AnotherWriterMovesTheWindowAtTheFirstSave(app, "u-2");
        var (savesBefore, scoresBefore) = (Calls(app, "SaveState"), ScorerCalls(app));

        var statuses = await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-1", "u-1", 10), View("e-2", "u-2", 10), View("e-3", "u-3", 10)));

        Assert.Equal(["SUCCESS", "SUCCESS", "SUCCESS"], statuses);
        Assert.Equal(["e-2", "e-other", "e-0"], State(app, "u-2")!.Window.RecentEventIds);
        Assert.Equal((1, 1), (State(app, "u-1")!.Window.EventCount, State(app, "u-3")!.Window.EventCount));
        // The redo scored, published and saved u-2 alone.
        Assert.Equal((2L, 2), (Calls(app, "SaveState") - savesBefore, ScorerCalls(app) - scoresBefore));
        Assert.Equal(["e-0", "e-1", "e-2", "e-3", "e-2"], Predictions(app).Select(p => p.EventId));
        var counts = app.Counts;
        Assert.Equal((4L, 4L, 1L, 0L), (counts.Received, counts.Scored, counts.StateConflicts, counts.Retried));
    }

    /// <summary>
    /// In one bulk save, u-1 loses on its ETag (another writer moved its window) while u-2's write fails once on a Redis
    /// hiccup. Under a state retry policy daprd retries u-2 alone and answers OK although u-1 was not written
    /// (FakeDaprd.BulkSaveTests), so u-1's event was answered SUCCESS, missing from its window, and scored again when
    /// redelivered. DaprPredictor's state store has no retry policy (components/common/resiliency.yaml): the save fails,
    /// the app reads the keys back, redoes u-1 on the other writer's window and hands u-2 back for redelivery.
    /// </summary>
    [Fact]
    public async Task AnETagLoserAndATransientFailureInOneBulkSaveLeaveNoWindowMissingTheBatch()
    {
        using var app = NewApp();
        Assert.Equal(["SUCCESS", "SUCCESS"], await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-0", "u-1", 0), View("e-0", "u-2", 0))));
        var hiccups = 1;
        app.Dapr.Fail = operation => operation == "state.set:" + PageViewProcessor.StateKey("u-2") && hiccups-- > 0 ? FakeDaprd.DaprdFailures.Internal("redis: i/o timeout") : null;
        AnotherWriterMovesTheWindowAtTheFirstSave(app, "u-1");
        var batch = new[] { View("e-1", "u-1", 10), View("e-2", "u-2", 10) };

        Assert.Equal(["SUCCESS", "RETRY"], await app.DeliverBulkStatusesAsync(BulkDeliveries.For(batch)));
        Assert.Equal(["SUCCESS"], await app.DeliverBulkStatusesAsync(BulkDeliveries.For(batch[1])));

        Assert.Equal(["e-1", "e-other", "e-0"], State(app, "u-1")!.Window.RecentEventIds);
        Assert.Equal(["e-2", "e-0"], State(app, "u-2")!.Window.RecentEventIds);
        // A late copy of the whole batch: both events are known, neither is scored twice.
        Assert.Equal(["SUCCESS", "SUCCESS"], await app.DeliverBulkStatusesAsync(BulkDeliveries.For(batch)));
        var counts = app.Counts;
        Assert.Equal((7L, 4L, 2L, 1L, 1L), (counts.Received, counts.Scored, counts.Duplicates, counts.Retried, counts.StateConflicts));
        AssertCountsAddUp(counts);
    }

    [Fact]
    public async Task AUserStillConflictingAfterMaxConflictRetriesIsHandedBackAndTheOthersAreKept()
    {
        var settings = FeatureExtractorFactory.BulkSettings();
        settings["Pipeline:MaxConflictRetries"] = "3";
        using var app = new FeatureExtractorFactory { Settings = settings };
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.3);
        Assert.Equal(["SUCCESS"], await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-0", "u-2", 0))));
        var key = PageViewProcessor.StateKey("u-2");
        app.Dapr.BeforeCall = (operation, _) =>
        {
            if (operation == "state.save") app.Dapr.Seed(Topology.StateStoreComponent, key, app.Dapr.StateStore().Get(key)!.Data);
            return Task.CompletedTask;
        };

        var statuses = await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-1", "u-1", 10), View("e-2", "u-2", 10)));

        Assert.Equal(["SUCCESS", "RETRY"], statuses);
        Assert.Equal(["e-0"], State(app, "u-2")!.Window.RecentEventIds);
        var counts = app.Counts;
        Assert.Equal((3L, 2L, 3L, 1L), (counts.Received, counts.Scored, counts.StateConflicts, counts.Retried));
        AssertCountsAddUp(counts);
    }

    [Fact]
    public async Task TheScorerFailingHandsBackEveryEventToScoreAndSavesNothing()
    {
        using var app = NewApp();
        Assert.Equal(["SUCCESS"], await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-0", "u-1", 0))));
        app.Apps.Reset();
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.5, status: 503);
        var writes = app.Dapr.StateWrites;

        var statuses = await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-1", "u-1", 10), View("e-0", "u-1", 0), View("e-2", "u-2", 10), View("e-3", "", 10)));

        Assert.Equal(["RETRY", "SUCCESS", "RETRY", "DROP"], statuses);
        Assert.Equal(writes, app.Dapr.StateWrites);
        Assert.Equal(["e-0"], State(app, "u-1")!.Window.RecentEventIds);
        Assert.Null(State(app, "u-2"));
        var counts = app.Counts;
        Assert.Equal((5L, 1L, 1L, 1L, 2L), (counts.Received, counts.Scored, counts.Duplicates, counts.DeadLetteredTotal, counts.Retried));
        AssertCountsAddUp(counts);
    }

    /// <summary>
    /// On Dapr 1.14–1.18 a bulk publish whose entry the broker refuses after the publish retries fails whole (grpc.go
    /// bulkPublishEvent answers Internal and lists no failed entry), though the other entries went out: every event of
    /// the batch is handed back and its window left as it was; the redelivery publishes those predictions again.
    /// </summary>
    [Fact]
    public async Task ABulkPublishWithARefusedEntryHandsBackTheBatchsEventsAndSavesNoWindow()
    {
        using var app = NewApp();
        app.Dapr.FailBulkEntry = m => m.Topic == Topology.PredictionsTopic && m.Json.Contains("\"e-2\"", StringComparison.Ordinal) ? "kafka: message too large" : null;

        var statuses = await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-1", "u-1", 0), View("e-2", "u-2", 0), View("e-3", "u-3", 0)));

        Assert.Equal(["RETRY", "RETRY", "RETRY"], statuses);
        Assert.Equal(["e-1", "e-3"], Predictions(app).Select(p => p.EventId));
        Assert.Equal(0L, Calls(app, "SaveState"));
        Assert.Equal((3L, 3L), (app.Counts.Received, app.Counts.Retried));
    }

    /// <summary>daprd's publish retry policy publishes a refused entry again alone; once it is taken, the batch is scored.</summary>
    [Fact]
    public async Task AnEntryTheBrokerRefusesOnceIsPublishedOnDaprdsRetryAndTheBatchIsScored()
    {
        using var app = NewApp();
        var refusals = 1;
        app.Dapr.FailBulkEntry = m => m.Json.Contains("\"e-2\"", StringComparison.Ordinal) && refusals-- > 0 ? "kafka: leader not available" : null;

        var statuses = await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-1", "u-1", 0), View("e-2", "u-2", 0)));

        Assert.Equal(["SUCCESS", "SUCCESS"], statuses);
        Assert.Equal(["e-1", "e-2"], Predictions(app).Select(p => p.EventId).Order());
    }

    [Theory]
    [InlineData(1, 16)]
    [InlineData(1, 18)]
    public async Task BulkPublishUsesTheAlpha1NameBeforeDapr117AndTheStableNameFrom117(int major, int minor)
    {
        using var app = NewApp(runtime: new Version(major, minor));

        Assert.Equal(["SUCCESS"], await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-1", "u-1", 0))));
        Assert.Equal(["SUCCESS"], await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-2", "u-1", 5))));

        var stable = minor >= 17;
        Assert.Equal(stable ? (2L, 0L) : (0L, 2L), (Calls(app, "BulkPublishEvent"), Calls(app, "BulkPublishEventAlpha1")));
        Assert.Equal(2, Predictions(app).Count);
    }

    [Fact]
    public async Task TheStateStoreFailingHandsBackEveryValidEventAndStillDeadLettersTheInvalidOnes()
    {
        using var app = NewApp();
        app.Dapr.Fail = operation => operation == "state.bulkget" ? new Status(StatusCode.Unavailable, "connection refused") : null;

        var statuses = await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-1", "u-1", 0), View("e-2", "", 0), View("e-3", "u-3", 0)));

        Assert.Equal(["RETRY", "DROP", "RETRY"], statuses);
        Assert.Equal((0L, 0, 0), (Calls(app, "SaveState"), Predictions(app).Count, ScorerCalls(app)));
        Assert.Equal(RejectReason.MissingUserId.Code(), Assert.Single(app.DeadLetters).Reason);
        AssertCountsAddUp(app.Counts);
    }

    [Fact]
    public async Task AWindowDaprdCouldNotReadHandsBackThatUsersEventsOnly()
    {
        using var app = NewApp();
        var key = PageViewProcessor.StateKey("u-2");
        app.Dapr.Fail = operation => operation == "state.get:" + key ? new Status(StatusCode.Internal, "redis: i/o timeout") : null;

        var statuses = await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-1", "u-1", 0), View("e-2", "u-2", 0), View("e-3", "u-2", 5)));

        Assert.Equal(["SUCCESS", "RETRY", "RETRY"], statuses);
        Assert.Null(State(app, "u-2"));
        Assert.Equal(["e-1"], Predictions(app).Select(p => p.EventId));
    }

    /// <summary>
    /// A save daprd fails for one key only (after its state retries), with the others written: the read-back tells them
    /// apart; the failed user is handed back, not redone, and the others are kept.
    /// </summary>
    [Fact]
    public async Task AWindowThatCouldNotBeWrittenIsHandedBackAndTheOthersAreKept()
    {
        using var app = NewApp();
        var key = PageViewProcessor.StateKey("u-2");
        app.Dapr.Fail = operation => operation == "state.set:" + key ? new Status(StatusCode.Internal, "OOM command not allowed") : null;

        var statuses = await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-1", "u-1", 0), View("e-2", "u-2", 0)));

        Assert.Equal(["SUCCESS", "RETRY"], statuses);
        Assert.Equal((1, (UserState?)null), (State(app, "u-1")!.Window.EventCount, State(app, "u-2")));
        Assert.Equal((0L, 1L), (app.Counts.StateConflicts, app.Counts.Retried));
    }

    [Fact]
    public async Task AFailedDeadLetterPublishHandsBackTheInvalidEntriesOnly()
    {
        using var app = NewApp();
        app.Dapr.Fail = operation => operation == "bulkpublish:" + Topology.DeadLetterTopic ? new Status(StatusCode.Unavailable, "connection refused") : null;

        var statuses = await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-1", "u-1", 0), View("e-2", "", 0)));

        Assert.Equal(["SUCCESS", "RETRY"], statuses);
        Assert.Equal((2L, 1L, 1L, 0L), (app.Counts.Received, app.Counts.Scored, app.Counts.Retried, app.Counts.DeadLetteredTotal));
    }

    /// <summary>
    /// daprd refuses a gRPC request, and a response, larger than its <c>--max-body-size</c> (4 MiB by default; 64 KiB
    /// here): the bulk save and the dead letters' bulk publish are sent in several calls under Dapr:MaxBulkRequestBytes,
    /// and a bulk read daprd cannot send is read in halves. Every entry is still answered on its own.
    /// </summary>
    [Fact]
    public async Task ABatchLargerThanDaprdsBodyLimitIsSentInSeveralCallsAndEveryEntryAnswered()
    {
        var settings = FeatureExtractorFactory.BulkSettings();
        settings["Dapr:MaxBulkRequestBytes"] = (48 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var app = new FeatureExtractorFactory { Settings = settings, SidecarMaxBodyBytes = 64 * 1024 };
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.3);
        string User(int u) => $"u-{u}-" + new string('x', 120);
        var users = Enumerable.Range(0, 60).ToList();
        PageViewEvent[] invalid = [.. Enumerable.Range(0, 10).Select(i => View($"bad-{i}", User(i), 0, "/" + new string('p', 6000)))];

        var first = await app.DeliverBulkStatusesAsync(BulkDeliveries.For([.. users.Select(u => View($"e-{u}-1", User(u), 0)), .. invalid]));
        var firstCalls = (Calls(app, "SaveState"), Calls(app, "BulkPublishEvent"));
        var second = await app.DeliverBulkStatusesAsync(BulkDeliveries.For([.. users.Select(u => View($"e-{u}-2", User(u), 10))]));

        Assert.Equal([.. Enumerable.Repeat("SUCCESS", 60), .. Enumerable.Repeat("DROP", 10)], first);
        Assert.Equal(Enumerable.Repeat("SUCCESS", 60), second);
        Assert.All(users, u => Assert.Equal(2, State(app, User(u))!.Window.EventCount));
        Assert.Equal(10, app.DeadLetters.Count(l => l.Reason == RejectReason.PageTooLong.Code()));
        // The first batch: windows saved in two calls or more, predictions in one, dead letters in two or more.
        Assert.True(firstCalls.Item1 >= 2 && firstCalls.Item2 >= 3, $"saves and bulk publishes of the first batch: {firstCalls}");
        // The second batch's read of 60 windows was refused whole once, then read in parts.
        Assert.True(Calls(app, "GetBulkState") >= 4, $"bulk reads: {Calls(app, "GetBulkState")}");
        AssertCountsAddUp(app.Counts);
    }

    /// <summary>Another writer adds event "e-other" to <paramref name="userId"/>'s window just before the app's next bulk save, once.</summary>
    private static void AnotherWriterMovesTheWindowAtTheFirstSave(FeatureExtractorFactory app, string userId)
    {
        var moved = false;
        app.Dapr.BeforeCall = (operation, _) =>
        {
            if (operation == "state.save" && !moved)
            {
                moved = true;
                var other = WindowRules.Apply(State(app, userId)!.Window, Clean(View("e-other", userId, 5)), new WindowOptions()).Window;
                app.Dapr.Seed(Topology.StateStoreComponent, PageViewProcessor.StateKey(userId), JsonSerializer.SerializeToUtf8Bytes(new UserState(other, null, null), ContractsJsonContext.Default.UserState));
            }

            return Task.CompletedTask;
        };
    }

    private static CleanPageView Clean(PageViewEvent e) => PageViewCleaner.Clean(e, FeatureExtractorFactory.Now, new CleaningOptions()).Event!.Value;
}

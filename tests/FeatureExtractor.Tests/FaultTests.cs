using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Events;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Testing;
using DaprPredictor.FakeDaprd;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace DaprPredictor.FeatureExtractor.Tests;

/// <summary>
/// Dependencies failing while page views flow: offline-features down or slow, the scorer down, hung or behind an open
/// breaker, the state store failing mid-stream, many deliveries of one user at once. Deliveries answered RETRY are
/// delivered again, as daprd does; the question each time is whether anything is lost, counted twice or stuck.
/// </summary>
public class FaultTests
{
    private static readonly PurchaseFeatures Buyer = new(3, 120, 40, 12.5, ColdStart: false);

    private static readonly int PurchaseCount = FeatureSchema.Names.ToList().IndexOf("purchase_count");

    /// <summary>
    /// The sidecar cannot reach <paramref name="appId"/>: the fake daprd answers its invoke API as daprd does then (HTTP 500,
    /// ERR_DIRECT_INVOKE, tests/FakeDaprd/Http/SidecarHttpApi.cs). Calls are counted whether they fail or not.
    /// </summary>
    private static Func<int> SidecarCannotInvoke(FeatureExtractorFactory app, string appId, Grpc.Core.Status failure)
    {
        var calls = 0;
        app.Dapr.Fail = operation => operation == "invoke:" + appId && Interlocked.Increment(ref calls) > 0 ? failure : null;
        return () => Volatile.Read(ref calls);
    }

    private static void SidecarInvokesAgain(FeatureExtractorFactory app)
    {
        app.Dapr.Fail = _ => null;
        app.Apps.ResetMappings();
        app.Apps.ResetLogEntries();
    }

    private static Prediction[] Published(FeatureExtractorFactory app) =>
        [.. app.Dapr.PublishedTo(Topology.PredictionsTopic).Select(m => JsonSerializer.Deserialize(m.Json, ContractsJsonContext.Default.Prediction)!)];

    private static int Calls(FeatureExtractorFactory app, string method) => app.Apps.LogEntries.Count(e => e.RequestMessage.Method == method);

    private static float[] SentVector(FeatureExtractorFactory app) =>
        JsonSerializer.Deserialize(app.Apps.LogEntries.Last(e => e.RequestMessage.Method == "POST").RequestMessage.Body!, ContractsJsonContext.Default.ScoreRequest)!.Features!;

    private static UserState? State(FeatureExtractorFactory app, string userId)
    {
        var stored = app.Dapr.StateStore(Topology.StateStoreComponent).Get(PageViewProcessor.StateKey(userId));
        return stored is null ? null : JsonSerializer.Deserialize(stored.Data, ContractsJsonContext.Default.UserState);
    }

    /// <summary>Delivers until the app stops answering RETRY, as daprd's redelivery does; the answers, in order.</summary>
    private static async Task<List<string>> DeliverUntilSettledAsync(FeatureExtractorFactory app, PageViewEvent e, int maxDeliveries = 50)
    {
        var answers = new List<string>();
        do answers.Add(await app.DeliverAsync(CloudEvents.For(e)));
        while (answers[^1] == "RETRY" && answers.Count < maxDeliveries);
        return answers;
    }

    [Fact]
    public async Task OfflineFeaturesDownScoresEveryEventDegradedAndTheFirstEventAfterItReturnsUsesTheHistory()
    {
        // A deadline no loaded test machine reaches: here the service fails fast, and then answers; its slowness is the next test.
        using var app = new FeatureExtractorFactory { Settings = new Dictionary<string, string> { ["Pipeline:OfflineFeaturesTimeout"] = "00:00:10" } };
        app.ScorerAnswers(0.3);
        var offlineCalls = SidecarCannotInvoke(app, Topology.OfflineFeaturesAppId, DaprdFailures.Unavailable);

        for (var i = 0; i < 3; i++) Assert.Equal("SUCCESS", await app.DeliverAsync(CloudEvents.For(CloudEvents.PageView($"e-{i}", at: FeatureExtractorFactory.Now.AddSeconds(10 * i)))));

        Assert.All(Published(app), p => Assert.True(p.Degraded));
        Assert.Equal(0, SentVector(app)[PurchaseCount]); // cold-start values
        Assert.Equal(3, offlineCalls()); // a failure is not kept for the session: every event asks again
        Assert.Null(State(app, "u-1")!.SessionOffline);

        SidecarInvokesAgain(app);
        app.ScorerAnswers(0.3);
        app.OfflineFeaturesAnswer(Buyer);
        Assert.Equal("SUCCESS", await app.DeliverAsync(CloudEvents.For(CloudEvents.PageView("e-3", at: FeatureExtractorFactory.Now.AddSeconds(30)))));
        Assert.Equal("SUCCESS", await app.DeliverAsync(CloudEvents.For(CloudEvents.PageView("e-4", at: FeatureExtractorFactory.Now.AddSeconds(40)))));

        Assert.Equal([true, true, true, false, false], Published(app).Select(p => p.Degraded));
        Assert.Equal(Buyer.PurchaseCount, SentVector(app)[PurchaseCount]);
        Assert.Equal(1, Calls(app, "GET")); // recovered once, then kept for the rest of the session
        var c = app.Counts;
        Assert.Equal((5, 5, 3, 0), (c.Received, c.Scored, c.Degraded, c.Retried));
    }

    [Fact]
    public async Task SlowOfflineFeaturesHoldAPredictionOnlyUntilTheAppsDeadlineAndFastOnesAreUsedAgain()
    {
        // The deadline is the app's (1.5 s here instead of 250 ms, so that a loaded machine still answers the fast call in time).
        var slowness = TimeSpan.FromSeconds(10);
        using var app = new FeatureExtractorFactory { Settings = new Dictionary<string, string> { ["Pipeline:OfflineFeaturesTimeout"] = "00:00:01.500" } };
        app.ScorerAnswers(0.3);
        app.OfflineFeaturesAnswer(Buyer, delay: slowness);

        Assert.Equal("SUCCESS", await app.DeliverAsync(CloudEvents.For(CloudEvents.PageView("e-1"))));

        var degraded = Assert.Single(Published(app));
        Assert.True(degraded.Degraded);
        // Bounded by the deadline, not by the dependency: far below the 10 s it takes, however loaded the machine.
        Assert.True(degraded.LatencyMs < slowness.TotalMilliseconds, $"the prediction waited {degraded.LatencyMs} ms");

        SidecarInvokesAgain(app);
        app.ScorerAnswers(0.3);
        app.OfflineFeaturesAnswer(Buyer);
        Assert.Equal("SUCCESS", await app.DeliverAsync(CloudEvents.For(CloudEvents.PageView("e-2", at: FeatureExtractorFactory.Now.AddSeconds(10)))));

        Assert.False(Published(app)[^1].Degraded);
        Assert.Equal(Buyer.PurchaseCount, SentVector(app)[PurchaseCount]);
    }

    public static TheoryData<string> ScorerFailures => [nameof(DaprdFailures.Unavailable), nameof(DaprdFailures.CircuitBreakerOpen)];

    [Theory]
    [MemberData(nameof(ScorerFailures))]
    public async Task ScorerDownAnswersRetryWithOneCallPerDeliveryAndTheRedeliveryIsScoredOnceItIsBack(string failure)
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(Buyer);
        var scorerCalls = SidecarCannotInvoke(app, Topology.ScorerAppId, failure == nameof(DaprdFailures.Unavailable) ? DaprdFailures.Unavailable : DaprdFailures.CircuitBreakerOpen);

        for (var delivery = 0; delivery < 3; delivery++) Assert.Equal("RETRY", await app.DeliverAsync(CloudEvents.For(CloudEvents.PageView())));

        // The app adds no retry of its own: each delivery is one call, so Dapr's policy alone decides how hard the
        // scorer is hit, and its breaker (components/common/resiliency.yaml, scorer-breaker) stops the calls.
        Assert.Equal(3, scorerCalls());
        Assert.Null(State(app, "u-1"));
        Assert.Empty(Published(app));

        SidecarInvokesAgain(app);
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.7);
        Assert.Equal("SUCCESS", await app.DeliverAsync(CloudEvents.For(CloudEvents.PageView())));
        Assert.Equal("SUCCESS", await app.DeliverAsync(CloudEvents.For(CloudEvents.PageView()))); // a late copy of the same message

        Assert.Equal(0.7, Assert.Single(Published(app)).Probability);
        Assert.Equal(1, State(app, "u-1")!.Window.EventCount);
        var c = app.Counts;
        Assert.Equal((5, 1, 1, 3), (c.Received, c.Scored, c.Duplicates, c.Retried));
        Assert.Equal(c.Received, c.Settled);
    }

    [Fact]
    public async Task AScorerThatHangsIsCutOffByTheInvocationTimeoutAndTheDeliveryAnswersRetry()
    {
        using var app = new FeatureExtractorFactory { Settings = new Dictionary<string, string> { ["Dapr:InvocationTimeout"] = "00:00:00.200" } };
        app.OfflineFeaturesAnswer(Buyer);
        app.Apps.Given(Request.Create().WithPath("/score").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(3)));

        Assert.Equal("RETRY", await app.DeliverAsync(CloudEvents.For(CloudEvents.PageView())));

        Assert.Null(State(app, "u-1"));
        Assert.Equal((1, 0, 1), (app.Counts.Received, app.Counts.Scored, app.Counts.Retried));
    }

    [Fact]
    public async Task TheStateStoreFailingMidStreamMakesDeliveriesRetryAndLosesNothing()
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.4);
        var operations = 0;
        // State operations 12 to 35 fail, gets and saves alike: an outage in the middle of the stream.
        app.Dapr.Fail = operation => operation.StartsWith("state.", StringComparison.Ordinal) && Interlocked.Increment(ref operations) is > 11 and <= 35
            ? DaprdFailures.Unavailable
            : null;
        var stream = Enumerable.Range(0, 20).Select(i => CloudEvents.PageView($"e-{i:D2}", $"u-{i % 4}", FeatureExtractorFactory.Now.AddSeconds(i))).ToList();

        var retries = 0;
        foreach (var e in stream)
        {
            var answers = await DeliverUntilSettledAsync(app, e);
            Assert.Equal("SUCCESS", answers[^1]);
            retries += answers.Count - 1;
        }

        Assert.True(retries > 0, "the outage should have hit some deliveries");
        Assert.All(Enumerable.Range(0, 4), u => Assert.Equal(5, State(app, $"u-{u}")!.Window.EventCount));
        Assert.Equal(stream.Select(e => e.EventId).Order(), Published(app).Select(p => p.EventId).Distinct().Order());
        Assert.Empty(app.Dapr.PublishedTo(Topology.DeadLetterTopic));
        var c = app.Counts;
        Assert.Equal((20 + retries, 20, 0, retries), (c.Received, c.Scored, c.Duplicates, c.Retried));
        Assert.Equal(c.Received, c.Settled);
    }

    [Fact]
    public async Task SixteenConcurrentDeliveriesForOneUserEachTwiceLoseNoWindowUpdateAndCountNothingTwice()
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.5);
        var events = Enumerable.Range(0, 16).Select(i => CloudEvents.PageView($"e-{i:D2}", at: FeatureExtractorFactory.Now.AddSeconds(i))).ToList();
        var pending = events.Concat(events).ToList(); // every message delivered twice at once, as after a consumer rebalance

        var retried = 0;
        for (var round = 0; pending.Count > 0 && round < 30; round++)
        {
            var answers = await Task.WhenAll(pending.Select(async e => (Event: e, Status: await app.DeliverAsync(CloudEvents.For(e)))));
            Assert.All(answers, a => Assert.True(a.Status is "SUCCESS" or "RETRY", a.Status));
            pending = [.. answers.Where(a => a.Status == "RETRY").Select(a => a.Event)];
            retried += pending.Count;
        }

        Assert.Empty(pending);
        var window = State(app, "u-1")!.Window;
        Assert.Equal(16, window.EventCount);
        Assert.Equal(events.Select(e => e.EventId).Order(), Published(app).Select(p => p.EventId).Distinct().Order());
        var c = app.Counts;
        Assert.Equal((32 + retried, 16, 16, retried), (c.Received, c.Scored, c.Duplicates, c.Retried));
        Assert.Equal(c.Received, c.Settled);
        Assert.True(c.StateConflicts > 0, "the deliveries should have raced");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Features;
using DaprPredictor.FakeDaprd;
using DaprPredictor.FeatureExtractor.Subscriptions;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Testing;
using Microsoft.Extensions.Logging;

namespace DaprPredictor.FeatureExtractor.Tests;

public class SubscriptionTests
{
    private static readonly PurchaseFeatures Buyer = new(3, 120, 40, 12.5, ColdStart: false);

    private static async Task<string> DeliverAsync(HttpClient client, HttpContent content)
    {
        var response = await client.PostAsync(PageViewSubscriptionApi.Route, content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.TopicResponse))!.Status;
    }

    private static UserState? State(FeatureExtractorFactory app, string userId)
    {
        var stored = app.Dapr.StateStore(Topology.StateStoreComponent).Get(PageViewProcessor.StateKey(userId));
        return stored is null ? null : JsonSerializer.Deserialize(stored.Data, ContractsJsonContext.Default.UserState);
    }

    [Fact]
    public async Task SubscribeEndpointDeclaresThePageViewTopicWithItsDeadLetterTopicAndThePurchasesTopic()
    {
        using var app = new FeatureExtractorFactory();

        using var json = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/dapr/subscribe"));

        // daprd decodes this with Go's encoding/json, which matches field names case-insensitively
        // (the SDK writes "pubsubName"; the docs spell it "pubsubname"), so compare names the same way.
        var subscriptions = json.RootElement.EnumerateArray()
            .Select(s => s.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null, StringComparer.OrdinalIgnoreCase))
            .ToDictionary(s => s["topic"]!);
        Assert.Equal([Topology.PageViewsTopic, Topology.PurchasesTopic], subscriptions.Keys.Order());
        var pageViews = subscriptions[Topology.PageViewsTopic];
        Assert.Equal(Topology.PubSubComponent, pageViews["pubsubname"]);
        Assert.Equal(PageViewSubscriptionApi.Route.TrimStart('/'), pageViews["route"]!.TrimStart('/'));
        Assert.Equal(Topology.DeadLetterTopic, pageViews["deadlettertopic"]);
        var purchases = subscriptions[Topology.PurchasesTopic];
        Assert.Equal(Topology.PubSubComponent, purchases["pubsubname"]);
        Assert.Equal(PurchaseSubscriptionApi.Route.TrimStart('/'), purchases["route"]!.TrimStart('/'));
    }

    [Fact]
    public async Task CloudEventAsDaprdSendsItIsScoredPublishedAndKeptAsTheLatestPrediction()
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.42);
        var client = app.CreateClient();

        Assert.Equal("SUCCESS", await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView())));

        var calls = app.Apps.LogEntries.Select(e => e.RequestMessage).ToList();
        var offline = Assert.Single(calls, c => c.Method == "GET");
        Assert.Equal("/features", offline.Path);
        Assert.Equal("?userId=u-1&asOf=2026-03-01T12%3A00%3A00.0000000%2B00%3A00", offline.RawQuery);
        var score = Assert.Single(calls, c => c.Method == "POST");
        Assert.Equal("/score", score.Path);
        var request = JsonSerializer.Deserialize(score.Body!, ContractsJsonContext.Default.ScoreRequest)!;
        Assert.Equal(FeatureSchema.Version, request.FeatureSchemaVersion);
        Assert.Equal(FeatureSchema.Length, request.Features!.Length);
        Assert.Equal(3, request.Features[FeatureSchema.Names.ToList().IndexOf("purchase_count")]);

        var published = Assert.Single(app.Dapr.PublishedTo(Topology.PredictionsTopic));
        Assert.Equal(Topology.PubSubComponent, published.PubSub);
        Assert.Equal("u-1", published.Metadata["partitionKey"]);
        Assert.Equal(Topology.PredictionEventType, published.Metadata["cloudevent.type"]);
        var prediction = JsonSerializer.Deserialize(published.Json, ContractsJsonContext.Default.Prediction)!;
        Assert.Equal(("u-1", "s-1", "e-1", 0.42, "m-test", false), (prediction.UserId, prediction.SessionId, prediction.EventId, prediction.Probability, prediction.ModelVersion, prediction.Degraded));

        Assert.Equal("1860", app.Dapr.LastTtl[PageViewProcessor.StateKey("u-1")]);
        Assert.Equal(prediction, await client.GetFromJsonAsync("/users/u-1/prediction", ContractsJsonContext.Default.Prediction));
    }

    [Theory]
    [InlineData("a||b")]
    [InlineData("|leading")]
    [InlineData("trailing|")]
    [InlineData("%7C|%25")]
    public async Task UserIdThatWouldMakeAnIllegalDaprStateKeyIsScoredAndKept(string userId)
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.42);
        var client = app.CreateClient();

        Assert.Equal("SUCCESS", await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView(userId: userId))));
        Assert.Equal("SUCCESS", await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView("e-2", userId, FeatureExtractorFactory.Now.AddSeconds(5)))));

        Assert.DoesNotContain("||", PageViewProcessor.StateKey(userId), StringComparison.Ordinal);
        Assert.Equal(2, State(app, userId)!.Window.EventCount);
        Assert.Equal((2, 0L), (app.Dapr.PublishedTo(Topology.PredictionsTopic).Count(), app.Counts.Retried));
    }

    [Fact]
    public async Task UserIdsThatDifferOnlyInAnEscapedCharacterKeepSeparateWindows()
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.42);
        var client = app.CreateClient();

        Assert.Equal("SUCCESS", await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView("e-1", "a|b"))));
        Assert.Equal("SUCCESS", await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView("e-2", "a%7Cb"))));
        Assert.Equal("SUCCESS", await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView("e-3", "a%7Cb", FeatureExtractorFactory.Now.AddSeconds(5)))));

        Assert.Equal((1, 2), (State(app, "a|b")!.Window.EventCount, State(app, "a%7Cb")!.Window.EventCount));
    }

    [Fact]
    public async Task LaterEventsOfTheSessionReuseItsOfflineFeatures()
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.3);
        var client = app.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("SUCCESS", await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView($"e-{i}", at: FeatureExtractorFactory.Now.AddSeconds(10 * i)))));
        }

        Assert.Single(app.Apps.LogEntries, e => e.RequestMessage.Method == "GET");
        Assert.Equal(3, app.Apps.LogEntries.Count(e => e.RequestMessage.Method == "POST"));
        Assert.Equal(3, State(app, "u-1")!.Window.EventCount);
        Assert.All(app.Dapr.PublishedTo(Topology.PredictionsTopic), m => Assert.False(JsonSerializer.Deserialize(m.Json, ContractsJsonContext.Default.Prediction)!.Degraded));
    }

    [Fact]
    public async Task InvalidEventIsDroppedAndDeadLetteredWithItsReason()
    {
        using var app = new FeatureExtractorFactory();
        var client = app.CreateClient();

        Assert.Equal("DROP", await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView() with { UserId = null })));

        var published = Assert.Single(app.Dapr.PublishedTo(Topology.DeadLetterTopic));
        Assert.Equal(Topology.RejectionEventType, published.Metadata["cloudevent.type"]);
        var letter = JsonSerializer.Deserialize(published.Json, ContractsJsonContext.Default.DeadLetter)!;
        Assert.Equal("missing-user-id", letter.Reason);
        Assert.Equal("e-1", letter.EventId);
        Assert.Contains("\"eventId\":\"e-1\"", letter.Payload, StringComparison.Ordinal);
        Assert.Empty(app.Dapr.PublishedTo(Topology.PredictionsTopic));
        Assert.Empty(app.Apps.LogEntries);
    }

    [Fact]
    public async Task MalformedJsonIsDroppedAndDeadLetteredWithTheBytesAsReceived()
    {
        using var app = new FeatureExtractorFactory();

        Assert.Equal("DROP", await DeliverAsync(app.CreateClient(), CloudEvents.Envelope("""{"eventId":"e-1","userId":42}""")));

        var letter = JsonSerializer.Deserialize(Assert.Single(app.Dapr.PublishedTo(Topology.DeadLetterTopic)).Json, ContractsJsonContext.Default.DeadLetter)!;
        Assert.Equal("malformed-json", letter.Reason);
        Assert.Contains("$.userId", letter.Detail, StringComparison.Ordinal);
        Assert.Equal("""{"eventId":"e-1","userId":42}""", letter.Payload);
    }

    [Fact]
    public async Task OversizedMessageIsDroppedAsPayloadTooLarge()
    {
        using var app = new FeatureExtractorFactory();
        var huge = JsonSerializer.Serialize(new string('x', new CleaningOptions().MaxEventBytes));

        Assert.Equal("DROP", await DeliverAsync(app.CreateClient(), CloudEvents.Envelope(huge)));

        var letter = JsonSerializer.Deserialize(Assert.Single(app.Dapr.PublishedTo(Topology.DeadLetterTopic)).Json, ContractsJsonContext.Default.DeadLetter)!;
        Assert.Equal("payload-too-large", letter.Reason);
    }

    [Fact]
    public async Task RedeliveredEventIsAcknowledgedAsADuplicateAndScoredOnce()
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.5);
        var client = app.CreateClient();

        Assert.Equal("SUCCESS", await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView())));
        Assert.Equal("SUCCESS", await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView())));

        Assert.Single(app.Dapr.PublishedTo(Topology.PredictionsTopic));
        Assert.Equal((2, 1, 1), (app.Counts.Received, app.Counts.Scored, app.Counts.Duplicates));
    }

    [Fact]
    public async Task LateEventOfAClosedSessionIsDroppedAsLate()
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.5);
        var client = app.CreateClient();
        await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView("e-2", sessionId: "s-2")));

        Assert.Equal("DROP", await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView("e-1", at: FeatureExtractorFactory.Now.AddMinutes(-1), sessionId: "s-1"))));
        Assert.Equal("late-event", JsonSerializer.Deserialize(Assert.Single(app.Dapr.PublishedTo(Topology.DeadLetterTopic)).Json, ContractsJsonContext.Default.DeadLetter)!.Reason);
    }

    [Fact]
    public async Task ScorerFailureAnswersRetryAndLeavesNoTraceSoTheRedeliveryIsScored()
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0, status: 503);
        var client = app.CreateClient();

        Assert.Equal("RETRY", await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView())));
        Assert.Null(State(app, "u-1"));
        Assert.Empty(app.Dapr.PublishedTo(Topology.PredictionsTopic));

        app.ScorerAnswers(0.7);
        Assert.Equal("SUCCESS", await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView())));
        Assert.Equal(0.7, JsonSerializer.Deserialize(Assert.Single(app.Dapr.PublishedTo(Topology.PredictionsTopic)).Json, ContractsJsonContext.Default.Prediction)!.Probability);
    }

    [Fact]
    public async Task WithADaprApiTokenEveryCallToTheSidecarCarriesIt()
    {
        using var app = new FeatureExtractorFactory { DaprApiToken = "s3cret" };
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.42);

        Assert.Equal("SUCCESS", await app.DeliverAsync(CloudEvents.For(CloudEvents.PageView())));

        var prediction = JsonSerializer.Deserialize(Assert.Single(app.Dapr.PublishedTo(Topology.PredictionsTopic)).Json, ContractsJsonContext.Default.Prediction)!;
        Assert.Equal((0.42, false), (prediction.Probability, prediction.Degraded));
        Assert.NotNull(State(app, "u-1"));
    }

    [Theory]
    [InlineData("state.get")]
    [InlineData("state.save")]
    [InlineData("publish:" + Topology.PredictionsTopic)]
    public async Task SidecarFailureAnswersRetryAndSavesNothing(string failing)
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.5);
        app.Dapr.Fail = operation => operation == failing ? DaprdFailures.Unavailable : null;

        Assert.Equal("RETRY", await DeliverAsync(app.CreateClient(), CloudEvents.For(CloudEvents.PageView())));

        app.Dapr.Fail = _ => null;
        Assert.Null(State(app, "u-1"));
        Assert.Equal((1, 0, 1), (app.Counts.Received, app.Counts.Scored, app.Counts.Retried));
    }

    // Dapr 1.17+ with Redis Streams acknowledges a message whose handler answered RETRY (components-contrib pubsub/redis),
    // so the metric and the warning are all that is left of it there; Kafka and RabbitMQ redeliver it.
    [Fact]
    public async Task DeadLetterThatCannotBePublishedAnswersRetryAndIsCountedAndLoggedWithItsEventAndReason()
    {
        using var app = new FeatureExtractorFactory();
        app.Dapr.Fail = operation => operation == "publish:" + Topology.DeadLetterTopic ? DaprdFailures.Unavailable : null;
        var client = app.CreateClient();

        Assert.Equal("RETRY", await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView() with { Timestamp = "noon" })));
        Assert.Equal("RETRY", await DeliverAsync(client, CloudEvents.Envelope("[]")));

        Assert.Equal((2, 0), (app.Counts.Retried, app.Counts.DeadLetteredTotal));
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Matches("""daprpredictor_dead_letter_publish_failures_total\{[^}]*reason="invalid-timestamp"[^}]*\} 1\b""", metrics);
        Assert.Matches("""daprpredictor_dead_letter_publish_failures_total\{[^}]*reason="malformed-json"[^}]*\} 1\b""", metrics);
        var warnings = app.Logs.Records.Where(r => r.Level == LogLevel.Warning && r.Message.StartsWith("Dead letter for event", StringComparison.Ordinal)).Select(r => r.Message).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.StartsWith("Dead letter for event e-1 (reason invalid-timestamp) could not be published: ", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("Dead letter for event (none) (reason malformed-json) could not be published: ", warnings[1], StringComparison.Ordinal);
        Assert.Contains("Redis Streams from Dapr 1.17 acknowledges it", warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task APublishedDeadLetterIsNotCountedAsAPublishFailure()
    {
        using var app = new FeatureExtractorFactory();
        var client = app.CreateClient();

        Assert.Equal("DROP", await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView() with { Timestamp = "noon" })));

        Assert.DoesNotContain("daprpredictor_dead_letter_publish_failures_total{", await client.GetStringAsync("/metrics"), StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Records, r => r.Message.StartsWith("Dead letter for event", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SlowOfflineFeaturesGiveADegradedPredictionFromColdStartValues()
    {
        using var app = new FeatureExtractorFactory { Settings = new Dictionary<string, string> { ["Pipeline:OfflineFeaturesTimeout"] = "00:00:00.250" } };
        app.OfflineFeaturesAnswer(Buyer, delay: TimeSpan.FromSeconds(2));
        app.ScorerAnswers(0.2);

        Assert.Equal("SUCCESS", await DeliverAsync(app.CreateClient(), CloudEvents.For(CloudEvents.PageView())));

        Assert.True(JsonSerializer.Deserialize(Assert.Single(app.Dapr.PublishedTo(Topology.PredictionsTopic)).Json, ContractsJsonContext.Default.Prediction)!.Degraded);
        var sent = JsonSerializer.Deserialize(app.Apps.LogEntries.Single(e => e.RequestMessage.Method == "POST").RequestMessage.Body!, ContractsJsonContext.Default.ScoreRequest)!;
        Assert.Equal(PurchaseFeatures.NoPurchaseDays, sent.Features![FeatureSchema.Names.ToList().IndexOf("days_since_last_purchase")]);
        Assert.Null(State(app, "u-1")!.SessionOffline); // the next event asks again
        Assert.Equal(1, app.Counts.Degraded);
    }

    [Fact]
    public async Task ConcurrentDeliveriesForOneUserLoseNoWindowUpdate()
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.5);
        var client = app.CreateClient();
        var pending = Enumerable.Range(0, 24).Select(i => CloudEvents.PageView($"e-{i:D2}", at: FeatureExtractorFactory.Now.AddSeconds(i))).ToList();

        // Deliver all at once; whatever is answered RETRY is redelivered, as Dapr would.
        for (var round = 0; pending.Count > 0 && round < 20; round++)
        {
            var answers = await Task.WhenAll(pending.Select(async e => (Event: e, Status: await DeliverAsync(client, CloudEvents.For(e)))));
            Assert.All(answers, a => Assert.True(a.Status is "SUCCESS" or "RETRY", a.Status));
            pending = answers.Where(a => a.Status == "RETRY").Select(a => a.Event).ToList();
        }

        Assert.Empty(pending);
        var window = State(app, "u-1")!.Window;
        Assert.Equal(24, window.EventCount);
        Assert.Equal(24, app.Dapr.PublishedTo(Topology.PredictionsTopic).Select(m => JsonSerializer.Deserialize(m.Json, ContractsJsonContext.Default.Prediction)!.EventId).Distinct().Count());
        Assert.True(app.Counts.StateConflicts > 0, "the deliveries should have raced");
    }

    [Fact]
    public async Task EveryDeliveryIsCountedOnceAndTheCountsAddUp()
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.5);
        var client = app.CreateClient();

        await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView("e-1")));
        await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView("e-1")));
        await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView("e-2") with { Page = null }));
        await DeliverAsync(client, CloudEvents.Envelope("[]"));
        app.Dapr.Fail = op => op == "state.get" ? DaprdFailures.Unavailable : null;
        await DeliverAsync(client, CloudEvents.For(CloudEvents.PageView("e-3")));

        var c = app.Counts;
        Assert.Equal((5, 1, 1, 2, 1), (c.Received, c.Scored, c.Duplicates, c.DeadLetteredTotal, c.Retried));
        Assert.Equal(c.Received, c.Settled);
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("daprpredictor_events_received_total", metrics, StringComparison.Ordinal);
        Assert.Contains("reason=\"missing-page\"", metrics, StringComparison.Ordinal);
    }
}

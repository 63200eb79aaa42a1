extern alias ScorerApp;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace DaprPredictor.FeatureExtractor.Tests;

/// <summary>
/// The scorer refusing a request it will always refuse (a vector of another length than its model's, after a bad
/// deploy): the event is dead-lettered with the scorer's own words instead of being answered RETRY until Dapr gives up
/// and dead-letters it without a reason. daprd hands the scorer's answer back as it is (dapr/dapr
/// pkg/api/http/directmessaging.go, the app's status, content type and body; not retried, since the scorer's policy
/// matches 429 and 5xx only), as the fake daprd's invoke route does. Dapr 1.14–1.18 alike.
/// </summary>
public sealed class ScorerRefusalTests
{
    private static readonly PurchaseFeatures Buyer = new(3, 120, 40, 12.5, ColdStart: false);

    private static PageViewEvent View(string eventId, string userId, int second) =>
        CloudEvents.PageView(eventId, userId, FeatureExtractorFactory.Now.AddSeconds(second - 60));

    private static long Writes(FeatureExtractorFactory app) => app.Dapr.StateWrites;

    /// <summary>
    /// The real scorer, reached through the fake daprd, behind a feature extractor of another feature schema: every
    /// vector arrives one value short, as after deploying one service of a schema change without the other. The scorer
    /// has no model (its vector checks come first), so a vector of the right length gets its real 503.
    /// </summary>
    private sealed class ScorerOfAnotherSchema : IDisposable
    {
        private readonly WebApplicationFactory<ScorerApp::Program> _scorer;
        private readonly ShortVectors _handler;

        public ScorerOfAnotherSchema(FeatureExtractorFactory app)
        {
            _scorer = new WebApplicationFactory<ScorerApp::Program>().WithWebHostBuilder(host =>
                host.UseSetting("Scorer:ModelPath", Path.Combine(Path.GetTempPath(), "daprpredictor-no-model", Guid.NewGuid().ToString("N"), "model.zip")));
            _handler = new ShortVectors(_scorer.Server.CreateHandler());
            app.Dapr.MapApp(Topology.ScorerAppId, _handler, _scorer.Server.BaseAddress);
        }

        /// <summary>Calls that reached the scorer.</summary>
        public int Calls => _handler.Calls;

        /// <summary>The deploy is fixed: vectors go through as the feature extractor built them.</summary>
        public void SameSchema() => _handler.Shorten = false;

        public void Dispose()
        {
            _handler.Dispose();
            _scorer.Dispose();
        }

        private sealed class ShortVectors(HttpMessageHandler scorer) : DelegatingHandler(scorer)
        {
            private int _calls;

            public volatile bool Shorten = true;

            public int Calls => Volatile.Read(ref _calls);

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref _calls);
                if (Shorten && request.Content is { } content)
                {
                    var scoring = JsonSerializer.Deserialize(await content.ReadAsByteArrayAsync(cancellationToken), ContractsJsonContext.Default.ScoreRequest)!;
                    var shortened = scoring with { Features = scoring.Features?[..^1], Batch = scoring.Batch?.Select(v => v[..^1]).ToArray() };
                    request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(shortened, ContractsJsonContext.Default.ScoreRequest));
                    request.Content.Headers.ContentType = content.Headers.ContentType;
                }

                return await base.SendAsync(request, cancellationToken);
            }
        }
    }

    [Fact]
    public async Task AVectorTheScorerRefusesIsDeadLetteredWithTheScorersProblemAfterOneCallNotRetried()
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(Buyer);
        using var scorer = new ScorerOfAnotherSchema(app);
        var e = View("e-1", "u-1", 0);

        Assert.Equal("DROP", await app.DeliverAsync(CloudEvents.For(e)));

        var letter = Assert.Single(app.DeadLetters);
        Assert.Equal((RejectReason.ScorerRefused.Code(), "e-1", "u-1"), (letter.Reason, letter.EventId, letter.UserId));
        // The scorer's ProblemDetails, title and detail: what an operator needs to see that the schemas disagree.
        Assert.Contains("(400)", letter.Detail, StringComparison.Ordinal);
        Assert.Contains("The request cannot be scored", letter.Detail, StringComparison.Ordinal);
        Assert.Contains($"has {FeatureSchema.Length} values, got {FeatureSchema.Length - 1}", letter.Detail, StringComparison.Ordinal);
        Assert.Contains("\"e-1\"", letter.Payload, StringComparison.Ordinal);
        Assert.Equal(1, scorer.Calls);
        Assert.Empty(app.Dapr.PublishedTo(Topology.PredictionsTopic));
        Assert.Equal(0, Writes(app));
        var c = app.Counts;
        Assert.Equal((1L, 0L, 1L, 0L), (c.Received, c.Scored, c.DeadLetteredTotal, c.Retried));
        Assert.Equal(1L, c.DeadLettered[RejectReason.ScorerRefused.Code()]);

        // The same scorer's 503 (no model yet) is transient, as before: RETRY, nothing dead-lettered.
        scorer.SameSchema();
        Assert.Equal("RETRY", await app.DeliverAsync(CloudEvents.For(View("e-2", "u-1", 10))));
        Assert.Single(app.DeadLetters);
        c = app.Counts;
        Assert.Equal((2L, 1L, 1L), (c.Received, c.DeadLetteredTotal, c.Retried));
        Assert.Equal(c.Received, c.Settled);
    }

    /// <summary>
    /// A bulk delivery scores all its events in one call, and the scorer refuses a request whole: every event of that
    /// call is dead-lettered with the refusal; the batch's invalid entry keeps its own reason and its duplicate stays a
    /// duplicate. One call to the scorer, nothing saved, nothing published but the dead letters.
    /// </summary>
    [Fact]
    public async Task ABatchTheScorerRefusesDeadLettersEveryEventItWasForEachWithTheScorersProblem()
    {
        using var app = new FeatureExtractorFactory { Settings = FeatureExtractorFactory.BulkSettings() };
        app.OfflineFeaturesAnswer(Buyer);
        app.ScorerAnswers(0.4);
        Assert.Equal(["SUCCESS"], await app.DeliverBulkStatusesAsync(BulkDeliveries.For(View("e-0", "u-2", 0))));
        using var scorer = new ScorerOfAnotherSchema(app);
        var writes = Writes(app);

        var statuses = await app.DeliverBulkStatusesAsync(BulkDeliveries.For(
            View("e-1", "u-1", 10), View("e-0", "u-2", 0), View("e-2", "u-2", 10), View("e-3", "", 10), View("e-4", "u-1", 20)));

        Assert.Equal(["DROP", "SUCCESS", "DROP", "DROP", "DROP"], statuses);
        Assert.Equal(
            [("e-1", RejectReason.ScorerRefused.Code()), ("e-2", RejectReason.ScorerRefused.Code()), ("e-3", RejectReason.MissingUserId.Code()), ("e-4", RejectReason.ScorerRefused.Code())],
            app.DeadLetters.Select(l => (l.EventId!, l.Reason)).OrderBy(l => l.Item1, StringComparer.Ordinal));
        Assert.All(app.DeadLetters.Where(l => l.Reason == RejectReason.ScorerRefused.Code()), l =>
            Assert.Contains($"has {FeatureSchema.Length} values, got {FeatureSchema.Length - 1}", l.Detail, StringComparison.Ordinal));
        Assert.Equal(1, scorer.Calls);
        Assert.Equal(writes, Writes(app));
        Assert.Equal(["e-0"], app.Dapr.PublishedTo(Topology.PredictionsTopic).Select(m => JsonSerializer.Deserialize(m.Json, ContractsJsonContext.Default.Prediction)!.EventId));
        var c = app.Counts;
        Assert.Equal((6L, 1L, 1L, 4L, 0L), (c.Received, c.Scored, c.Duplicates, c.DeadLetteredTotal, c.Retried));
        Assert.Equal(c.Received, c.Settled);
    }

    /// <summary>
    /// Which of the scorer's answers (ProblemDetails, as ASP.NET Core writes them) end an event and which hand it back:
    /// a refusal of the request's bytes cannot heal on redelivery; the rest can (the scorer not ready, overloaded, slow,
    /// a route or a credential being rolled out), as can daprd's own 500 for an unknown app or an open breaker
    /// (<see cref="FaultTests"/>).
    /// </summary>
    [Theory]
    [InlineData(400, "DROP")]
    [InlineData(413, "DROP")]
    [InlineData(415, "DROP")]
    [InlineData(422, "DROP")]
    [InlineData(401, "RETRY")]
    [InlineData(403, "RETRY")]
    [InlineData(404, "RETRY")]
    [InlineData(408, "RETRY")]
    [InlineData(429, "RETRY")]
    [InlineData(500, "RETRY")]
    [InlineData(503, "RETRY")]
    public async Task EachAnswerOfTheScorerEitherDeadLettersTheEventWithItsProblemOrHandsItBack(int status, string answer)
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(Buyer);
        app.Apps.Given(Request.Create().WithPath("/score").UsingPost()).RespondWith(Response.Create()
            .WithStatusCode(status)
            .WithHeader("Content-Type", "application/problem+json")
            .WithBody($$"""{"type":"https://tools.ietf.org/html/rfc9110","title":"Refused with {{status}}","status":{{status}},"detail":"the scorer's reason"}"""));

        Assert.Equal(answer, await app.DeliverAsync(CloudEvents.For(View("e-1", "u-1", 0))));

        var c = app.Counts;
        if (answer == "DROP")
        {
            var letter = Assert.Single(app.DeadLetters);
            Assert.Equal(RejectReason.ScorerRefused.Code(), letter.Reason);
            Assert.Contains($"({status}): Refused with {status}: the scorer's reason", letter.Detail, StringComparison.Ordinal);
            Assert.Equal((1L, 0L), (c.DeadLetteredTotal, c.Retried));
        }
        else
        {
            Assert.Empty(app.DeadLetters);
            Assert.Equal((0L, 1L), (c.DeadLetteredTotal, c.Retried));
        }

        Assert.Equal(0, Writes(app));
        Assert.Equal(c.Received, c.Settled);
    }
}

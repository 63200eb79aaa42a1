using System.Net.Http.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.FeatureExtractor.Subscriptions;
using DaprPredictor.Pipeline.Monitoring;
using DaprPredictor.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DaprPredictor.FeatureExtractor.Tests;

/// <summary>The purchases subscription closes the loop: a session's predictions are graded by the training label once its outcome is known.</summary>
public class LiveGradingTests
{
    private static string Purchase(string userId, DateTimeOffset at, long id = 1) =>
        $$"""{"purchaseId":{{id}},"userId":"{{userId}}","amount":12.50,"purchasedAt":"{{Rfc3339.Format(at)}}"}""";

    private static async Task<string> DeliverPurchaseAsync(FeatureExtractorFactory app, string dataJson)
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsync(PurchaseSubscriptionApi.Route, CloudEvents.Envelope(dataJson));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.TopicResponse))!.Status;
    }

    private static FeatureExtractorFactory Start(double probability)
    {
        var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(PurchaseFeatures.ColdStartDefaults);
        app.ScorerAnswers(probability);
        return app;
    }

    [Fact]
    public async Task APurchaseAfterAPageViewGradesItsPredictionAsAPurchaseAtOnce()
    {
        using var app = Start(0.8);
        Assert.Equal("SUCCESS", await app.DeliverAsync(CloudEvents.For(CloudEvents.PageView("e-1", "u-1", FeatureExtractorFactory.Now))));

        Assert.Equal("SUCCESS", await DeliverPurchaseAsync(app, Purchase("u-1", FeatureExtractorFactory.Now.AddMinutes(2))));

        var grading = app.Services.GetRequiredService<LiveGrading>();
        Assert.Equal((1, 1), (grading.Graded, grading.GradedPositive));
        var grade = grading.Grade();
        Assert.Equal(-Math.Log(0.8), grade.LogLoss!.Value, 6);
        Assert.Equal(0.04, grade.Brier!.Value, 6);
    }

    [Fact]
    public async Task ASessionWithoutPurchaseIsGradedNegativeOnlyAfterItsDeadlineAndTheSettleDelay()
    {
        using var app = Start(0.3);
        Assert.Equal("SUCCESS", await app.DeliverAsync(CloudEvents.For(CloudEvents.PageView("e-1", "u-2", FeatureExtractorFactory.Now))));
        var grading = app.Services.GetRequiredService<LiveGrading>();

        app.Clock.Advance(TimeSpan.FromMinutes(30.5)); // past the 30-minute attribution deadline, inside the 1-minute settle delay
        grading.Sweep();
        Assert.Equal(0, grading.Graded);

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        grading.Sweep();
        Assert.Equal((1, 0), (grading.Graded, grading.GradedPositive));
        Assert.Equal(-Math.Log(0.7), grading.Grade().LogLoss!.Value, 6);
    }

    [Fact]
    public async Task APurchaseAfterTheAttributionWindowDoesNotMakeTheSessionPositive()
    {
        using var app = Start(0.3);
        Assert.Equal("SUCCESS", await app.DeliverAsync(CloudEvents.For(CloudEvents.PageView("e-1", "u-3", FeatureExtractorFactory.Now))));

        Assert.Equal("SUCCESS", await DeliverPurchaseAsync(app, Purchase("u-3", FeatureExtractorFactory.Now.AddMinutes(31))));
        app.Clock.Advance(TimeSpan.FromMinutes(40));
        var grading = app.Services.GetRequiredService<LiveGrading>();
        grading.Sweep();

        Assert.Equal((1, 0), (grading.Graded, grading.GradedPositive));
    }

    [Theory]
    [InlineData("""{"purchaseId":1,"amount":5,"purchasedAt":"2026-03-01T12:00:00Z"}""")]
    [InlineData("""{"purchaseId":1,"userId":"u-1","amount":-5,"purchasedAt":"2026-03-01T12:00:00Z"}""")]
    [InlineData("""{"purchaseId":1,"userId":"u-1","amount":"5","purchasedAt":"2026-03-01T12:00:00Z"}""")]
    [InlineData("""{"purchaseId":1,"userId":"u-1","amount":5,"purchasedAt":"2026-03-01T12:00:00"}""")]
    [InlineData("""{"purchaseId":"x","userId":"u-1","amount":5,"purchasedAt":"2026-03-01T12:00:00Z"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""null""")]
    public async Task AnUnreadablePurchaseIsDroppedAndGradesNothing(string dataJson)
    {
        using var app = Start(0.3);

        Assert.Equal("DROP", await DeliverPurchaseAsync(app, dataJson));

        Assert.Equal(0, app.Services.GetRequiredService<LiveGrading>().TrackedUsers);
    }
}

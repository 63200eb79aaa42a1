using DaprPredictor.Testing;

namespace DaprPredictor.FeatureExtractor.Tests;

public class AppApiTokenTests
{
    [Fact]
    public async Task WithATokenEveryEndpointButProbesAndScrapingRefusesCallsWithoutIt()
    {
        using var app = new FeatureExtractorFactory { AppApiToken = AppApiTokenProbe.Token };
        app.OfflineFeaturesAnswer(new Domain.Features.PurchaseFeatures(0, 0, 0, 0, ColdStart: true));
        app.ScorerAnswers(0.5);

        await AppApiTokenProbe.AssertOnlyProbesAndScrapingAnswerWithoutTheTokenAsync(
            app.CreateClient(), app.Services, "/dapr/subscribe", "/events/page-views", "/events/purchases", "/predict", "/users/{userId}/prediction");
    }
}

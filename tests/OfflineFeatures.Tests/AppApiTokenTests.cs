using DaprPredictor.Testing;

namespace DaprPredictor.OfflineFeatures.Tests;

public class AppApiTokenTests
{
    [Fact]
    public async Task WithATokenEveryEndpointButProbesAndScrapingRefusesCallsWithoutIt()
    {
        await using var app = new OfflineFeaturesApp(new() { ["Dapr:AppApiToken"] = AppApiTokenProbe.Token });

        await AppApiTokenProbe.AssertOnlyProbesAndScrapingAnswerWithoutTheTokenAsync(app.CreateClient(), app.Services, "/features");
    }
}

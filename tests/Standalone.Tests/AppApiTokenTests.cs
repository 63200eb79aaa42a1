using DaprPredictor.Testing;

namespace DaprPredictor.Standalone.Tests;

[Collection(StandaloneCollection.Name)]
public class AppApiTokenTests(StandaloneModel model)
{
    [Fact]
    public async Task WithATokenEveryEndpointButProbesAndScrapingRefusesCallsWithoutIt()
    {
        using var host = new StandaloneHost(model.Files.Model, settings: new Dictionary<string, string> { ["Dapr:AppApiToken"] = AppApiTokenProbe.Token });

        await AppApiTokenProbe.AssertOnlyProbesAndScrapingAnswerWithoutTheTokenAsync(host.CreateClient(), host.Services, "/events", "/predict", "/users/{userId}/prediction");
    }
}

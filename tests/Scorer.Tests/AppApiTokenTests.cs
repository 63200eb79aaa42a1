using DaprPredictor.Testing;

namespace DaprPredictor.Scorer.Tests;

public class AppApiTokenTests
{
    [Fact]
    public async Task WithATokenEveryEndpointButProbesAndScrapingRefusesCallsWithoutIt()
    {
        await using var scorer = new ScorerFactory(settings: new Dictionary<string, string?> { ["Dapr:AppApiToken"] = AppApiTokenProbe.Token });

        await AppApiTokenProbe.AssertOnlyProbesAndScrapingAnswerWithoutTheTokenAsync(scorer.CreateClient(), scorer.Services, "/score", "/model");
    }
}

using System.Net;
using DaprPredictor.Testing.Hostile;
using Grpc.Core;

namespace DaprPredictor.FeatureExtractor.Tests.Hostile;

/// <summary>The feature extractor's request entries under attack: <c>POST /predict</c> and <c>GET /users/{id}/prediction</c>.</summary>
public class HostileRequestTests(HostileFeatureExtractor service) : IClassFixture<HostileFeatureExtractor>
{
    public static TheoryData<string> Events => [.. HostileEvents.Names];

    public static TheoryData<string> Ids => [.. HostileIds.Names];

    [Theory]
    [MemberData(nameof(Events))]
    public async Task PredictAnswersEachHostileEventWithAProblemNamingItsReason(string name)
    {
        var bad = HostileEvents.Named(name);
        using var client = service.Memory.CreateClient();

        using var response = await client.PostAsync("/predict", JsonBody.Of(bad.Build(service.Seed())));

        await HostileAssert.PredictAnswerAsync(response, bad);

        using var after = await client.PostAsync("/predict", JsonBody.Of(service.Seed("after").Bytes()));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task LatestPredictionRefusesHostileIdsWithTheirReasonAndLooksUpTheOthers(string name)
    {
        var id = HostileIds.Named(name);
        using var client = service.Memory.CreateClient();

        using var response = await client.GetAsync($"/users/{id.Encoded}/prediction");

        await HostileAssert.LatestPredictionAnswerAsync(response, id);
    }

    /// <summary>
    /// Without its sidecar the state store cannot be read: a transient condition (503, try again), not a server bug
    /// (500). In Production the answer says which dependency failed, not the gRPC client's debug text.
    /// </summary>
    [Fact]
    public async Task LatestPredictionWithoutASidecarIsServiceUnavailableWithoutLeakingTheGrpcError()
    {
        using var app = HostileFeatureExtractor.NewService();
        app.Dapr.Fail = operation => operation == "state.get" ? new Status(StatusCode.Unavailable, "Error connecting to subchannel.") : null;

        using var response = await app.CreateClient().GetAsync("/users/u-1/prediction");

        var problem = await HostileAssert.ProblemAsync(response, 503);
        foreach (var leak in new[] { "subchannel", "Exception", "StatusCode" })
        {
            Assert.DoesNotContain(leak, problem.GetRawText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PredictWithoutASidecarIsServiceUnavailableWithoutLeakingTheGrpcError()
    {
        using var app = HostileFeatureExtractor.NewService();
        app.Dapr.Fail = operation => operation == "state.get" ? new Status(StatusCode.Unavailable, "Error connecting to subchannel.") : null;

        using var response = await app.CreateClient().PostAsync("/predict", JsonBody.Of(service.Seed().Bytes()));

        var problem = await HostileAssert.ProblemAsync(response, 503);
        Assert.DoesNotContain("subchannel", problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", problem.GetRawText(), StringComparison.Ordinal);
    }
}

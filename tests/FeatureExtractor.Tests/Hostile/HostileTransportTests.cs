using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.FeatureExtractor.Subscriptions;
using DaprPredictor.Testing.Hostile;

namespace DaprPredictor.FeatureExtractor.Tests.Hostile;

/// <summary>
/// HTTP-level hostile requests on a real socket to the feature extractor on Kestrel: the subscription route (where a
/// body that cannot be read still ends DROP after a dead letter, never an HTTP error daprd would redeliver) and
/// <c>POST /predict</c>.
/// </summary>
public class HostileTransportTests(HostileFeatureExtractor service) : IClassFixture<HostileFeatureExtractor>
{
    public static TheoryData<string> SubscriptionCases => [.. HostileTransports.For(subscription: true)];

    public static TheoryData<string> RequestCases => [.. HostileTransports.For(subscription: false)];

    [Theory]
    [MemberData(nameof(SubscriptionCases))]
    public async Task SubscriptionDropsEachHostileRequestAfterADeadLetterAndGoesOnScoring(string name)
    {
        var hostile = HostileTransports.Named(name);
        var seed = service.Seed();
        var delivery = HostileEnvelopes.AsDaprdDelivers(seed, seed.Bytes());
        var letters = service.Kestrel.DeadLetters.Count;

        var response = await RawHttp.SendAsync(service.KestrelAddress, hostile.Build(new HostileTransport.Target(PageViewSubscriptionApi.Route, delivery.Body, delivery.ContentType!)));

        if (hostile.Abandoned)
        {
            HostileAssert.Abandoned(response);
        }
        else if (hostile.ByServer)
        {
            HostileAssert.RefusedByServer(response, hostile.Status!.Value);
        }
        else
        {
            Assert.True(response.Status == 200, $"daprd redelivers anything but 200: got {response}");
            var fate = JsonSerializer.Deserialize(response.Body, ContractsJsonContext.Default.TopicResponse)!.Status;
            if (hostile.Status is null)
            {
                Assert.Equal("SUCCESS", fate);
            }
            else
            {
                Assert.Equal("DROP", fate);
                await Testing.Eventually.Until(() => Task.FromResult(service.Kestrel.DeadLetters.Count), n => n == letters + 1, "the dead letter");
                Assert.Equal(hostile.SubscriptionReason, service.Kestrel.DeadLetters[^1].Reason);
            }
        }

        var after = service.Seed("after");
        var next = await RawHttp.SendAsync(service.KestrelAddress, RawHttp.Request.Of(RawHttp.Post(PageViewSubscriptionApi.Route, HostileEnvelopes.AsDaprdDelivers(after, after.Bytes()).Body, HostileEnvelopes.CloudEventsJson)));
        Assert.True(next.Status == 200 && next.Body.Contains("SUCCESS", StringComparison.Ordinal), $"a valid delivery after the case: {next}");
    }

    [Theory]
    [MemberData(nameof(RequestCases))]
    public async Task PredictAnswersEachHostileRequestWithAProblemAndGoesOnServing(string name)
    {
        var hostile = HostileTransports.Named(name);
        var seed = service.Seed();

        var response = await RawHttp.SendAsync(service.KestrelAddress, hostile.Build(new HostileTransport.Target("/predict", seed.Bytes(), "application/json")));

        if (hostile.Status is not { } status) Assert.True(response.Status == 200, $"a valid request: {response}");
        else if (hostile.Abandoned) HostileAssert.Abandoned(response);
        else if (hostile.ByServer) HostileAssert.RefusedByServer(response, status);
        else HostileAssert.Problem(response, status);

        var next = await RawHttp.SendAsync(service.KestrelAddress, RawHttp.Request.Of(RawHttp.Post("/predict", service.Seed("after").Bytes())));
        Assert.True(next.Status == 200, $"a valid event after the case: {next}");
    }
}

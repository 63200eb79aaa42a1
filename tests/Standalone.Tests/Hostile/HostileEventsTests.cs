using System.Net;
using System.Net.Http.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Embedded;
using DaprPredictor.Testing.Hostile;

namespace DaprPredictor.Standalone.Tests.Hostile;

/// <summary>
/// Every hostile page view through every entry of the standalone host that takes one: <c>POST /events</c> alone and
/// between two valid events in a batch, and <c>POST /predict</c>. Each answer names the problem; the host goes on
/// serving a valid event after each.
/// </summary>
[Collection(HostileCollection.Name)]
public class HostileEventsTests(HostileStandalone hosts)
{
    public static TheoryData<string> Cases => [.. HostileEvents.Names];

    public static TheoryData<string> Ids => [.. HostileIds.Names];

    private HttpClient Client => hosts.Memory.CreateClient();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EventsAnswersEachHostileEventAloneWithItsOwnFate(string name)
    {
        var bad = HostileEvents.Named(name);

        using var response = await Client.PostAsync("/events", JsonBody.Of(bad.Build(hosts.Seed())));

        if (!bad.WellFormed)
        {
            await HostileAssert.ProblemAsync(response, 400, mentions: "JSON");
        }
        else
        {
            var answer = await AcceptedAsync(response);
            Assert.Equal(1, answer.Received);
            Assert.Equal(bad.Reason is null ? 1 : 0, answer.Accepted);
            if (bad.Reason is not null) Assert.Equal((0, bad.Reason), (Assert.Single(answer.Rejected).Index, answer.Rejected[0].Reason));
        }

        await StillServesAsync();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EventsGivesEachElementOfABatchMixingValidAndHostileEventsItsOwnFate(string name)
    {
        var bad = HostileEvents.Named(name);
        var (before, after) = (hosts.Seed(), hosts.Seed());
        var body = (byte[])[(byte)'[', .. before.Bytes(), (byte)',', .. bad.Build(hosts.Seed()), (byte)',', .. after.Bytes(), (byte)']'];

        using var response = await Client.PostAsync("/events", JsonBody.Of(body));

        if (!bad.WellFormed)
        {
            // Not one JSON value: where the element ends, and so where the next begins, cannot be told.
            await HostileAssert.ProblemAsync(response, 400, mentions: "JSON");
            return;
        }

        var answer = await AcceptedAsync(response);
        Assert.Equal(3, answer.Received);
        Assert.Equal(bad.Reason is null ? 3 : 2, answer.Accepted);
        if (bad.Reason is not null) Assert.Equal((1, bad.Reason), (Assert.Single(answer.Rejected).Index, answer.Rejected[0].Reason));
        await hosts.Memory.Get<EmbeddedBroker>().WhenIdleAsync(CancellationToken.None);
        foreach (var valid in new[] { before, after })
        {
            var latest = await Client.GetFromJsonAsync($"/users/{valid.UserId}/prediction", ContractsJsonContext.Default.Prediction);
            Assert.Equal(valid.EventId, latest!.EventId);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task PredictAnswersEachHostileEventWithAProblemNamingItsReason(string name)
    {
        var bad = HostileEvents.Named(name);

        using var response = await Client.PostAsync("/predict", JsonBody.Of(bad.Build(hosts.Seed())));

        await HostileAssert.PredictAnswerAsync(response, bad);

        await StillServesAsync();
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task LatestPredictionRefusesHostileIdsWithTheirReasonAndLooksUpTheOthers(string name)
    {
        var id = HostileIds.Named(name);

        using var response = await Client.GetAsync($"/users/{id.Encoded}/prediction");

        await HostileAssert.LatestPredictionAnswerAsync(response, id);
        await StillServesAsync();
    }

    private async Task StillServesAsync()
    {
        using var response = await Client.PostAsync("/predict", JsonBody.Of(hosts.Seed("after").Bytes()));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"a valid event after the case: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<EventsAccepted> AcceptedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {HostileAssert.Shorten(body)}");
        return System.Text.Json.JsonSerializer.Deserialize(body, ContractsJsonContext.Default.EventsAccepted)!;
    }
}

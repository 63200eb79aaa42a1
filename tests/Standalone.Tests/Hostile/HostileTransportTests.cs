using System.Text.Json;
using DaprPredictor.Testing.Hostile;

namespace DaprPredictor.Standalone.Tests.Hostile;

/// <summary>HTTP-level hostile requests on a real socket to <c>POST /events</c> and <c>POST /predict</c> of the standalone host on Kestrel.</summary>
[Collection(HostileCollection.Name)]
public class HostileTransportTests(HostileStandalone hosts)
{
    public static TheoryData<string> Cases => [.. HostileTransports.Names];

    [Theory]
    [MemberData(nameof(Cases))]
    public Task EventsAnswersEachHostileRequestWithAProblemAndGoesOnServing(string name) =>
        SendAsync(name, "/events", (response, seed) =>
        {
            Assert.Equal(202, response.Status);
            using var answer = JsonDocument.Parse(response.Body);
            Assert.Equal(1, answer.RootElement.GetProperty("accepted").GetInt32());
        });

    [Theory]
    [MemberData(nameof(Cases))]
    public Task PredictAnswersEachHostileRequestWithAProblemAndGoesOnServing(string name) =>
        SendAsync(name, "/predict", (response, seed) =>
        {
            Assert.Equal(200, response.Status);
            using var prediction = JsonDocument.Parse(response.Body);
            Assert.Equal(seed.EventId, prediction.RootElement.GetProperty("eventId").GetString());
        });

    private async Task SendAsync(string name, string path, Action<RawHttp.Response, EventSeed> valid)
    {
        var hostile = HostileTransports.Named(name);
        var seed = hosts.Seed();

        var response = await RawHttp.SendAsync(hosts.KestrelAddress, hostile.Build(new HostileTransport.Target(path, seed.Bytes(), "application/json")));

        if (hostile.Status is not { } status) valid(response, seed);
        else if (hostile.Abandoned) HostileAssert.Abandoned(response);
        else if (hostile.ByServer) HostileAssert.RefusedByServer(response, status);
        else HostileAssert.Problem(response, status);

        var after = hosts.Seed("after");
        var next = await RawHttp.SendAsync(hosts.KestrelAddress, RawHttp.Request.Of(RawHttp.Post("/predict", after.Bytes())));
        Assert.True(next.Status == 200, $"a valid event after the case: {next}");
    }
}

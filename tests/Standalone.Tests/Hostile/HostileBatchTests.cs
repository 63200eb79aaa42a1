using System.Net;
using System.Text;
using DaprPredictor.Contracts;
using DaprPredictor.Embedded;
using DaprPredictor.Testing.Hostile;

namespace DaprPredictor.Standalone.Tests.Hostile;

/// <summary>Batches meant to exhaust <c>POST /events</c>: too many elements, too many bytes, and memory per byte sent.</summary>
[Collection(HostileCollection.Name)]
public class HostileBatchTests(HostileStandalone hosts)
{
    [Fact]
    public async Task AnArrayOf100000EventsIsRefusedWithoutQueueingOrCountingAny()
    {
        using var host = hosts.NewHost();
        var client = host.CreateClient();
        var seed = hosts.Seed();
        var body = Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Range(0, 100_000).Select(i => $"{{\"eventId\":\"{seed.EventId}-{i}\"}}")) + "]");

        using var response = await client.PostAsync("/events", JsonBody.Of(body));

        await HostileAssert.ProblemAsync(response, 413, mentions: "10000");
        await host.Get<EmbeddedBroker>().WhenIdleAsync(CancellationToken.None);
        Assert.Equal(0, host.Counts.Received);
    }

    [Fact]
    public async Task InvalidUtf8MidArrayRejectsThatElementAndQueuesEveryOther()
    {
        using var host = hosts.NewHost();
        var client = host.CreateClient();
        var seeds = Enumerable.Range(0, 5).Select(_ => hosts.Seed()).ToArray();
        byte[] broken = seeds[2].WithRawBytes("userId", "u-", [0xC0, 0xAF]);
        var body = (byte[])[(byte)'[', .. seeds[0].Bytes(), (byte)',', .. seeds[1].Bytes(), (byte)',', .. broken, (byte)',', .. seeds[3].Bytes(), (byte)',', .. seeds[4].Bytes(), (byte)']'];

        using var response = await client.PostAsync("/events", JsonBody.Of(body));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = System.Text.Json.JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ContractsJsonContext.Default.EventsAccepted)!;
        Assert.Equal((5, 4), (answer.Received, answer.Accepted));
        Assert.Equal((2, HostileEvents.MalformedJson), (Assert.Single(answer.Rejected).Index, answer.Rejected[0].Reason));
        await host.Get<EmbeddedBroker>().WhenIdleAsync(CancellationToken.None);
        var counts = host.Counts;
        Assert.Equal((5, 4, 1), (counts.Received, counts.Scored, counts.DeadLetteredTotal));
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Embedded;
using DaprPredictor.Testing.Hostile;

namespace DaprPredictor.Standalone.Tests.Hostile;

/// <summary>
/// Nothing lost, counted exactly: after the whole hostile corpus, what <c>/metrics</c> says adds up, and agrees with
/// every answer the host gave.
/// </summary>
[Collection(HostileCollection.Name)]
public class HostileAccountingTests(HostileStandalone hosts)
{
    [Fact]
    public async Task AfterTheWholeCorpusMetricsAddUpToEveryEventReceived()
    {
        using var host = hosts.NewHost();
        host.UseKestrel(0);
        host.StartServer();
        var address = HostileAssert.Address(host.Services);
        using var client = new HttpClient { BaseAddress = address };
        var expected = new Expected();

        foreach (var bad in HostileEvents.All)
        {
            var (before, after) = (hosts.Seed("acc"), hosts.Seed("acc"));
            byte[] alone = bad.Build(hosts.Seed("acc"));
            await expected.EventsAsync(await client.PostAsync("/events", HostileEventsTests.Json(alone)));
            byte[] batch = [(byte)'[', .. before.Bytes(), (byte)',', .. bad.Build(hosts.Seed("acc")), (byte)',', .. after.Bytes(), (byte)']'];
            await expected.EventsAsync(await client.PostAsync("/events", HostileEventsTests.Json(batch)));
            await expected.PredictAsync(await client.PostAsync("/predict", HostileEventsTests.Json(bad.Build(hosts.Seed("acc")))));
        }

        foreach (var hostile in HostileTransports.All)
        {
            foreach (var path in new[] { "/events", "/predict" })
            {
                var seed = hosts.Seed("acc");
                var response = await RawHttp.SendAsync(address, hostile.Build(new HostileTransport.Target(path, seed.Bytes(), "application/json")));
                if (response.Status == 202) expected.Queued += JsonDocument.Parse(response.Body).RootElement.GetProperty("accepted").GetInt32();
                if (path == "/predict" && response.Status == 200) expected.Scored++;
            }
        }

        // A resend of an event already scored is a duplicate, through either entry.
        var resent = hosts.Seed("acc");
        await expected.PredictAsync(await client.PostAsync("/predict", HostileEventsTests.Json(resent.Bytes())));
        using (var again = await client.PostAsync("/predict", HostileEventsTests.Json(resent.Bytes()))) Assert.Equal(200, (int)again.StatusCode);
        using (var queued = await client.PostAsync("/events", HostileEventsTests.Json(resent.Bytes()))) Assert.Equal(202, (int)queued.StatusCode);
        expected.Duplicates += 2;

        await host.Get<EmbeddedBroker>().WhenIdleAsync(CancellationToken.None);
        var metrics = new PrometheusText(await client.GetStringAsync("/metrics"));

        var received = metrics.Sum("daprpredictor_events_received_total");
        var scored = metrics.Sum("daprpredictor_events_scored_total");
        var duplicates = metrics.Sum("daprpredictor_events_duplicates_total");
        var rejected = metrics.By("daprpredictor_events_rejected_total", "reason");
        var retried = metrics.Sum("daprpredictor_events_retried_total");
        Assert.Equal(received, scored + duplicates + rejected.Values.Sum() + retried);
        Assert.Equal(expected.Received, received);
        Assert.Equal((expected.Scored + expected.Queued, expected.Duplicates, 0d), (scored, duplicates, retried));
        Assert.Equal(expected.Rejected.OrderBy(r => r.Key), rejected.OrderBy(r => r.Key));
        Assert.True(received > 3 * HostileEvents.All.Count, $"the corpus reached the pipeline: {received} events received");
    }

    /// <summary>What the answers said should have been counted.</summary>
    private sealed class Expected
    {
        public double Scored { get; set; }

        public double Queued { get; set; }

        public double Duplicates { get; set; }

        public Dictionary<string, double> Rejected { get; } = new(StringComparer.Ordinal);

        public double Received => Scored + Queued + Duplicates + Rejected.Values.Sum();

        public async Task EventsAsync(HttpResponseMessage response)
        {
            using (response)
            {
                if ((int)response.StatusCode != 202) return;
                var answer = (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.EventsAccepted))!;
                Queued += answer.Accepted;
                foreach (var rejection in answer.Rejected) Reject(rejection.Reason);
            }
        }

        public async Task PredictAsync(HttpResponseMessage response)
        {
            using (response)
            {
                switch ((int)response.StatusCode)
                {
                    case 200:
                        Scored++;
                        break;
                    case 400 when JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("reason", out var reason):
                        Reject(reason.GetString()!);
                        break;
                }
            }
        }

        private void Reject(string reason) => Rejected[reason] = Rejected.GetValueOrDefault(reason) + 1;
    }
}

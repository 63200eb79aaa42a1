using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Embedded;
using DaprPredictor.Testing.Hostile;

namespace DaprPredictor.Standalone.Tests.Hostile;

/// <summary>
/// Nothing lost, counted exactly: after the whole hostile corpus, what <c>/metrics</c> says adds up, and agrees with
/// every answer the host gave.
/// </summary>
[Collection(HostileAloneCollection.Name)]
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
        Task<RawHttp.Response> PostAsync(string path, byte[] body) => RawHttp.SendAsync(address, RawHttp.Request.Of(RawHttp.Post(path, body)));

        // On a real socket a request refused before its body is read (413) may see its connection closed while still
        // writing, as any client would: the raw client reads the answer all the same.
        foreach (var bad in HostileEvents.All)
        {
            var (before, after) = (hosts.Seed("acc"), hosts.Seed("acc"));
            expected.Events(await PostAsync("/events", bad.Build(hosts.Seed("acc"))));
            byte[] batch = [(byte)'[', .. before.Bytes(), (byte)',', .. bad.Build(hosts.Seed("acc")), (byte)',', .. after.Bytes(), (byte)']'];
            expected.Events(await PostAsync("/events", batch));
            expected.Predict(await PostAsync("/predict", bad.Build(hosts.Seed("acc"))));
        }

        foreach (var hostile in HostileTransports.All)
        {
            foreach (var path in new[] { "/events", "/predict" })
            {
                var seed = hosts.Seed("acc");
                var response = await RawHttp.SendAsync(address, hostile.Build(new HostileTransport.Target(path, seed.Bytes(), "application/json")));
                if (path == "/events") expected.Events(response);
                else expected.Predict(response);
            }
        }

        // A resend of an event already scored is a duplicate, through either entry.
        var resent = hosts.Seed("acc");
        expected.Predict(await PostAsync("/predict", resent.Bytes()));
        Assert.Equal(200, (await PostAsync("/predict", resent.Bytes())).Status);
        Assert.Equal(202, (await PostAsync("/events", resent.Bytes())).Status);
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

        public void Events(RawHttp.Response response)
        {
            if (response.Status != 202) return;
            var answer = JsonSerializer.Deserialize(response.Body, ContractsJsonContext.Default.EventsAccepted)!;
            Queued += answer.Accepted;
            foreach (var rejection in answer.Rejected) Reject(rejection.Reason);
        }

        /// <summary>200 is scored; a 400 that names a reason was received and rejected; anything else never reached the pipeline.</summary>
        public void Predict(RawHttp.Response response)
        {
            if (response.Status == 200) Scored++;
            else if (response.Status == 400 && response.Body.Length > 0 && JsonDocument.Parse(response.Body).RootElement.TryGetProperty("reason", out var reason)) Reject(reason.GetString()!);
        }

        private void Reject(string reason) => Rejected[reason] = Rejected.GetValueOrDefault(reason) + 1;
    }
}

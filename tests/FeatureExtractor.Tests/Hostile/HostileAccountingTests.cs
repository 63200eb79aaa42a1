using System.Net.Http.Headers;
using System.Text.Json;
using DaprPredictor.Testing.Hostile;

namespace DaprPredictor.FeatureExtractor.Tests.Hostile;

/// <summary>
/// Nothing lost, counted exactly: after the whole hostile corpus through the subscription and <c>POST /predict</c>,
/// <c>/metrics</c> adds up and agrees with every fate the service answered and every dead letter it published.
/// </summary>
[Collection(AloneCollection.Name)]
public class HostileAccountingTests
{
    [Fact]
    public async Task AfterTheWholeCorpusMetricsAddUpToEveryDeliveryReceived()
    {
        using var app = HostileFeatureExtractor.NewService();
        using var client = app.CreateClient();
        using var seeds = new HostileFeatureExtractor();
        var (scored, predictions, rejected) = (0d, 0d, new Dictionary<string, double>(StringComparer.Ordinal));
        void Reject(string reason) => rejected[reason] = rejected.GetValueOrDefault(reason) + 1;

        var deliveries = new List<HostileEnvelope.Delivery>();
        foreach (var bad in HostileEvents.All)
        {
            var (a, b) = (seeds.Seed("acc"), seeds.Seed("acc"));
            deliveries.Add(HostileEnvelopes.AsBase64(a, bad.Build(a)));
            deliveries.Add(HostileEnvelopes.RawInData(b, bad.Build(b)));
        }

        deliveries.AddRange(HostileEnvelopes.All.Select(e => e.Build(seeds.Seed("acc"))));
        foreach (var delivery in deliveries)
        {
            if (await HostileSubscriptionTests.DeliverAsync(app, delivery) == "SUCCESS") scored++;
        }

        foreach (var bad in HostileEvents.All)
        {
            using var content = new ByteArrayContent(bad.Build(seeds.Seed("acc")));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync("/predict", content);
            if ((int)response.StatusCode == 200)
            {
                (scored, predictions) = (scored + 1, predictions + 1);
            }
            else if (JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("reason", out var reason))
            {
                Reject(reason.GetString()!);
                predictions++;
            }
        }

        foreach (var letter in app.DeadLetters) Reject(letter.Reason);
        var metrics = new PrometheusText(await client.GetStringAsync("/metrics"));

        var received = metrics.Sum("daprpredictor_events_received_total");
        var byReason = metrics.By("daprpredictor_events_rejected_total", "reason");
        Assert.Equal(received, metrics.Sum("daprpredictor_events_scored_total") + metrics.Sum("daprpredictor_events_duplicates_total") + byReason.Values.Sum() + metrics.Sum("daprpredictor_events_retried_total"));
        Assert.Equal((scored, 0d, 0d), (metrics.Sum("daprpredictor_events_scored_total"), metrics.Sum("daprpredictor_events_duplicates_total"), metrics.Sum("daprpredictor_events_retried_total")));
        Assert.Equal(rejected.OrderBy(r => r.Key), byReason.OrderBy(r => r.Key));
        // Every delivery is received; a request refused before its body was read (413) is answered, not received.
        Assert.Equal(deliveries.Count + predictions, received);
    }
}

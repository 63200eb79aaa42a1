using System.Net.Http.Headers;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Testing;
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

    /// <summary>
    /// The bulk corpus through the bulk route, with a redelivered batch (duplicates) and a batch the scorer fails (RETRY):
    /// every entry answered is received once and ends in exactly one fate, and /metrics agrees with the statuses answered
    /// and the dead letters published. Envelopes refused whole are answered, not received.
    /// </summary>
    [Fact]
    public async Task AfterTheBulkCorpusMetricsAddUpToEveryEntryAnswered()
    {
        using var app = HostileFeatureExtractor.NewService(bulk: true);
        using var client = app.CreateClient();
        using var seeds = new HostileFeatureExtractor();
        var answered = new List<string>();

        async Task DeliverAsync(HostileEnvelope.Delivery delivery)
        {
            using var response = await HostileBulkSubscriptionTests.PostAsync(app, delivery);
            if ((int)response.StatusCode != 200) return;
            answered.AddRange(JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ContractsJsonContext.Default.BulkTopicResponse)!.Statuses.Select(s => s.Status));
        }

        foreach (var bad in HostileEvents.All)
        {
            var (a, b, c) = (seeds.Seed("acc"), seeds.Seed("acc"), seeds.Seed("acc"));
            await DeliverAsync(HostileBulkDeliveries.Beside(a, HostileBulkDeliveries.AsEntry(b, bad.Build(b))));
            if (HostileBulkDeliveries.RawEntry(c, bad.Build(c)) is { } raw) await DeliverAsync(HostileBulkDeliveries.Beside(seeds.Seed("acc"), raw));
        }

        foreach (var envelope in HostileEnvelopes.All)
        {
            if (HostileBulkDeliveries.EnvelopeAsEntry(envelope.Build(seeds.Seed("acc"))) is { } entry) await DeliverAsync(HostileBulkDeliveries.Beside(seeds.Seed("acc"), entry));
        }

        foreach (var entry in HostileBulkDeliveries.Entries) await DeliverAsync(HostileBulkDeliveries.Beside(seeds.Seed("acc"), entry.Build(seeds.Seed("acc"))));
        foreach (var envelope in HostileBulkDeliveries.Envelopes) await DeliverAsync(envelope.Build(seeds.Seed("acc")));

        var again = seeds.Seed("acc");
        var redelivered = new HostileEnvelope.Delivery(System.Text.Encoding.UTF8.GetBytes(BulkDeliveries.Envelope([HostileBulkDeliveries.Valid("0", again)])), "application/json");
        await DeliverAsync(redelivered);
        await DeliverAsync(redelivered);
        app.Apps.Reset();
        app.OfflineFeaturesAnswer(Domain.Features.PurchaseFeatures.ColdStartDefaults);
        app.ScorerAnswers(0.5, status: 503);
        await DeliverAsync(HostileBulkDeliveries.Beside(seeds.Seed("acc"), HostileBulkDeliveries.Valid("1", seeds.Seed("acc"))));

        var metrics = new PrometheusText(await client.GetStringAsync("/metrics"));
        var received = metrics.Sum("daprpredictor_events_received_total");
        var byReason = metrics.By("daprpredictor_events_rejected_total", "reason");
        var (scored, duplicates, retried) = (metrics.Sum("daprpredictor_events_scored_total"), metrics.Sum("daprpredictor_events_duplicates_total"), metrics.Sum("daprpredictor_events_retried_total"));
        Assert.Equal(received, scored + duplicates + byReason.Values.Sum() + retried);
        Assert.Equal(answered.Count, received);
        Assert.Equal(answered.Count(s => s == "SUCCESS"), scored + duplicates);
        Assert.Equal((double)answered.Count(s => s == "DROP"), byReason.Values.Sum());
        Assert.Equal((2d, 1d), (retried, duplicates));
        Assert.Equal(answered.Count(s => s == "RETRY"), retried);
        var letters = app.DeadLetters.GroupBy(l => l.Reason).ToDictionary(g => g.Key, g => (double)g.Count(), StringComparer.Ordinal);
        Assert.Equal(letters.OrderBy(r => r.Key), byReason.OrderBy(r => r.Key));
    }
}

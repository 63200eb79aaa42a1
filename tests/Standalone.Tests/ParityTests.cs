extern alias FeatureExtractorApp;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Embedded;
using DaprPredictor.ModelServing;
using DaprPredictor.Standalone.Replay;
using DaprPredictor.Synthetic;
using DaprPredictor.Testing;
using FeatureExtractorApp::DaprPredictor.FeatureExtractor.Subscriptions;

namespace DaprPredictor.Standalone.Tests;

/// <summary>
/// The same noisy stream through the standalone host and through the real feature-extractor service (its sidecar
/// faked: state and publish in a fake DaprClient, offline-features and the scorer answered from the same purchases and
/// the same model) gives every event the same fate and every scored event the same probability.
/// </summary>
[Collection(StandaloneCollection.Name)]
public class ParityTests(StandaloneModel model)
{
    [Fact]
    public async Task TheHostScoresAStreamExactlyAsTheFeatureExtractorServiceDoes()
    {
        var stream = ReplaySource.Synthetic(2_500, seed: 12, new NoiseOptions(DuplicateRate: 0.03, InvalidRate: 0.02));
        var messages = stream.Messages.ToList();

        // A degraded prediction (offline features late) is cold-start by design on whichever side it happens; on a busy
        // machine a 250 ms deadline can be missed, so both sides get a deadline no lookup misses, and none may degrade.
        var patient = new Dictionary<string, string> { ["Pipeline:OfflineFeaturesTimeout"] = "00:00:30" };
        using var host = new StandaloneHost(model.Files.Model, settings: patient);
        _ = host.Server;
        host.Get<EmbeddedPurchaseHistory>().Load(stream.Purchases!, "test");
        await Replayer.RunAsync(host.Services, stream, StandaloneHost.Silent, CancellationToken.None);
        var standalone = host.Published.ByEventId;

        using var service = new FeatureExtractorFactory { Settings = patient };
        var predictor = new PooledPredictor(ModelFile.Load(model.Files.Model));
        var purchases = stream.Purchases!.ToLookup(p => p.UserId, StringComparer.Ordinal);
        service.OfflineFeaturesAnswer((userId, asOf) =>
            new UserOfflineFeatures(userId, asOf, PurchaseFeatures.From(PurchaseSummary.FromHistory(purchases[userId], asOf), asOf)));
        service.ScorerAnswers(features => predictor.Predict(features));
        var client = service.CreateClient();
        var fates = new Dictionary<string, int>();
        foreach (var message in messages)
        {
            // Each event arrives a moment after it happened, as in the replay's event time.
            if (message.EventTime is { } at) service.Clock.AdjustTime(at);
            var response = await client.PostAsync(PageViewSubscriptionApi.Route, CloudEvents.Envelope(System.Text.Encoding.UTF8.GetString(message.Json.Span)));
            var status = (await JsonSerializer.DeserializeAsync(await response.Content.ReadAsStreamAsync(), ContractsJsonContext.Default.TopicResponse))!.Status;
            fates[status] = fates.GetValueOrDefault(status) + 1;
        }

        var viaService = service.Dapr.PublishedTo(Topology.PredictionsTopic)
            .Select(m => JsonSerializer.Deserialize(m.Json, ContractsJsonContext.Default.Prediction)!)
            .ToDictionary(p => p.EventId, p => p.Probability);
        var hostCounts = host.Counts;
        Assert.Equal(hostCounts.Scored, viaService.Count);
        Assert.Equal(hostCounts.DeadLetteredTotal, fates.GetValueOrDefault("DROP"));
        Assert.Equal(hostCounts.Scored + hostCounts.Duplicates, fates.GetValueOrDefault("SUCCESS"));
        Assert.Equal(hostCounts.Duplicates, service.Counts.Duplicates);
        Assert.Equal((0, 0), (hostCounts.Degraded, service.Counts.Degraded));
        Assert.Equal(standalone.OrderBy(p => p.Key, StringComparer.Ordinal), viaService.OrderBy(p => p.Key, StringComparer.Ordinal));
    }
}

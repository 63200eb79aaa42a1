using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Features;
using DaprPredictor.Standalone.Replay;
using DaprPredictor.Standalone.Sinks;
using DaprPredictor.Synthetic;
using DaprPredictor.Testing;

namespace DaprPredictor.Standalone.Tests;

/// <summary>
/// Every reject reason is one a real entry actually produces: the set below is what the dead letters said after the
/// whole corpus went through the feature extractor's subscription, a refusing scorer behind it, and a failing scorer through the embedded broker,
/// not a list of reasons, so a reason no input can produce fails it.
/// </summary>
[Collection(StandaloneCollection.Name)]
public class RejectReasonCoverageTests(StandaloneModel model)
{
    [Fact]
    public async Task EveryRejectReasonIsProducedBySomeBadInputThroughARealEntry()
    {
        var produced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var bad in RejectionCorpus.Messages)
        {
            using var service = new FeatureExtractorFactory();
            service.OfflineFeaturesAnswer(PurchaseFeatures.ColdStartDefaults);
            service.ScorerAnswers(0.5);
            await service.DeliverAsync(bad);
            produced.UnionWith(service.DeadLetters.Select(l => l.Reason));
        }

        // A valid event whose vector the scorer refuses (400).
        using (var refusing = new FeatureExtractorFactory())
        {
            refusing.OfflineFeaturesAnswer(PurchaseFeatures.ColdStartDefaults);
            refusing.ScorerAnswers(0.5, status: 400);
            Assert.Equal("DROP", await refusing.DeliverAsync(CloudEvents.For(CloudEvents.PageView())));
            produced.UnionWith(refusing.DeadLetters.Select(l => l.Reason));
        }

        // The embedded broker gives up on a message whose every delivery fails.
        var scorer = new RecordingScorer { FailOn = _ => new TimeoutException("scorer hung") };
        using var host = new StandaloneHost(model.Files.Model, StandaloneHost.WithScorer(scorer));
        _ = host.Server;
        await Replayer.RunAsync(host.Services, ReplaySource.Synthetic(3, seed: 1, NoiseOptions.None), StandaloneHost.Silent, CancellationToken.None);
        produced.UnionWith(host.Get<DeadLetterSink>().ByReason.Keys);

        Assert.Equal(RejectReasons.All.Select(r => r.Code()).Order(StringComparer.Ordinal), produced.Order(StringComparer.Ordinal));
    }
}

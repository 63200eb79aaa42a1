using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Windows;
using DaprPredictor.Embedded;
using DaprPredictor.Pipeline.Offline;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Synthetic;
using DaprPredictor.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DaprPredictor.ModelTraining.Tests;

/// <summary>
/// Training/serving skew: the batch training path and the serving processor, fed the same stream, must produce
/// bit-identical feature vectors. The serving side goes through JSON state stores (as Dapr's would) for the
/// window and the offline cache, and through the offline-features service logic.
/// </summary>
public class ParityTests
{
    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    public async Task TrainingAndServingComputeIdenticalFeaturesForTheSameStream(int seed)
    {
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Users = 400, Seed = seed });
        var stream = data.Clickstream().ToArray();
        var training = TrainingSetBuilder.Build(stream, data.Purchases, new TrainingSetOptions()).Rows.ToDictionary(r => r.EventId);

        var clock = new FakeTimeProvider();
        var scorer = new RecordingScorer();
        var publisher = new CapturingPublisher();
        var history = new EmbeddedPurchaseHistory();
        history.Load(data.Purchases, "the synthetic shop");
        var offline = new OfflineFeatureService(
            history, new JsonStateStore(clock), Options.Create(new OfflineFeaturesOptions()),
            TestServices.MeterFactory, NullLogger<OfflineFeatureService>.Instance);
        var processor = new PageViewProcessor(
            new JsonStateStore(clock), offline, scorer, publisher, new PipelineMetrics(TestServices.MeterFactory), clock,
            Options.Create(new CleaningOptions()), Options.Create(new WindowOptions()), Options.Create(new PipelineOptions()),
            NullLogger<PageViewProcessor>.Instance);

        foreach (var e in stream)
        {
            Assert.True(Rfc3339.TryParse(e.Timestamp, out var at));
            clock.SetUtcNow(at.AddMilliseconds(5)); // the event arrives a moment after it happened
            var result = await processor.ProcessAsync(e, Delivery.Message, CancellationToken.None);
            Assert.Equal(EventFate.Scored, result.Fate);
        }

        var served = publisher.Predictions.Select(p => p.EventId).Zip(scorer.Seen).ToArray();
        Assert.Equal(stream.Length, served.Length);
        Assert.All(served, pair => Assert.Equal(training[pair.First].Features, pair.Second));
    }
}

using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Windows;
using DaprPredictor.Embedded;
using DaprPredictor.Pipeline.Offline;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DaprPredictor.ModelTraining.Tests;

/// <summary>
/// The serving side of the parity, golden and point-in-time tests: the feature extractor's processor with its window and the offline
/// cache in JSON state stores (as Dapr's would hold them), and offline features through the offline-features logic over
/// the same purchase table training reads. Events are delivered in the order given, each a moment after it happened
/// (the clock never goes back).
/// </summary>
internal static class ServingReplay
{
    /// <returns>The vector the scorer saw for each scored event, and every event's fate.</returns>
    public static async Task<(Dictionary<string, float[]> Vectors, List<EventFate> Fates)> RunAsync(IEnumerable<PageViewEvent> stream, IReadOnlyList<PurchaseRecord> purchases)
    {
        var clock = new FakeTimeProvider();
        var scorer = new RecordingScorer();
        var publisher = new CapturingPublisher();
        var history = new EmbeddedPurchaseHistory();
        history.Load(purchases, "the test's purchases");
        var offline = new OfflineFeatureService(
            history, new JsonStateStore(clock), Options.Create(new OfflineFeaturesOptions()),
            TestServices.MeterFactory, NullLogger<OfflineFeatureService>.Instance);
        var processor = new PageViewProcessor(
            new JsonStateStore(clock), offline, scorer, publisher, new PipelineMetrics(TestServices.MeterFactory), clock,
            Options.Create(new CleaningOptions()), Options.Create(new WindowOptions()), Options.Create(new PipelineOptions()),
            NullLogger<PageViewProcessor>.Instance);

        var fates = new List<EventFate>();
        foreach (var e in stream)
        {
            Assert.True(Rfc3339.TryParse(e.Timestamp, out var at));
            var arrival = at.AddMilliseconds(5);
            if (arrival > clock.GetUtcNow()) clock.SetUtcNow(arrival);
            fates.Add((await processor.ProcessAsync(e, Delivery.Message, CancellationToken.None)).Fate);
        }

        var vectors = publisher.Predictions.Select(p => p.EventId).Zip(scorer.Seen).ToDictionary(pair => pair.First, pair => pair.Second);
        return (vectors, fates);
    }
}

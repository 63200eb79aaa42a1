using DaprPredictor.Contracts;
using DaprPredictor.Domain.Outcomes;
using DaprPredictor.Embedded;
using DaprPredictor.ModelTraining.Import;
using DaprPredictor.Standalone.Replay;
using DaprPredictor.Standalone.Sinks;
using DaprPredictor.Synthetic;
using DaprPredictor.Synthetic.PublicFormats;
using DaprPredictor.Testing;

namespace DaprPredictor.Standalone.Tests;

[Collection(StandaloneCollection.Name)]
public class ReplayTests(StandaloneModel model)
{
    private static readonly NoiseOptions Noisy = new(DuplicateRate: 0.03, InvalidRate: 0.02);

    private static async Task<ReplayResult> ReplayAsync(StandaloneHost host, ReplaySource stream)
    {
        _ = host.Server; // starts the host and its broker
        if (stream.Purchases is { } purchases) host.Get<EmbeddedPurchaseHistory>().Load(purchases, "test");
        return await Replayer.RunAsync(host.Services, stream, StandaloneHost.Silent, CancellationToken.None);
    }

    [Fact]
    public async Task EveryReplayedEventIsScoredDeadLetteredOrCountedAsADuplicate()
    {
        using var host = new StandaloneHost(model.Files.Model);
        var stream = ReplaySource.Synthetic(3_000, seed: 5, Noisy);

        var result = await ReplayAsync(host, stream);

        var c = result.Counts;
        Assert.Equal(stream.Count, c.Scored + c.DeadLetteredTotal + c.Duplicates);
        Assert.Equal(c.Received, c.Settled);
        Assert.Equal(0, c.Retried);
        Assert.True(c.Duplicates > 0 && c.DeadLetteredTotal > 0, "the noisy stream has both redeliveries and broken events");
        Assert.Equal(c.DeadLetteredTotal, host.Get<DeadLetterSink>().ByReason.Values.Sum());
        var probabilities = host.Published.ByEventId.Values.ToArray();
        Assert.Equal(c.Scored, probabilities.Length);
        Assert.All(probabilities, p => Assert.InRange(p, 0.0, 1.0));
    }

    [Fact]
    public async Task ServedPredictionsAreAsGoodAsTheModelWasOnItsOwnHeldOutData()
    {
        using var host = new StandaloneHost(model.Files.Model);
        var stream = ReplaySource.Synthetic(6_000, seed: 8, NoiseOptions.None);

        await ReplayAsync(host, stream);

        var truth = ReplayTruth.ByEventId(stream);
        var served = host.Published.ByEventId.Select(p => (P: p.Value, truth[p.Key].Label)).ToArray();
        var published = ProbabilityScores.Of(served.Select(s => s.P).ToArray(), served.Select(s => s.Label).ToArray());
        Assert.InRange(published.Auc!.Value, 0.75, 1);

        // The summary grades what was published, every prediction once, as it went by.
        var streaming = host.Get<PredictionSink>().Evaluation!.Result()!;
        Assert.Equal(served.Length, streaming.Events);
        Assert.Equal(published.Auc!.Value, streaming.Auc, 9);
        Assert.Equal(published.LogLoss, streaming.LogLoss, 9);
    }

    [Fact]
    public async Task ARecordedClickstreamReplaysWithItsOwnPurchasesAndLabels()
    {
        using var host = new StandaloneHost(model.Files.Model);
        var stream = ReplaySource.FromFile(model.Files.HeldOutEvents, purchasesPath: null);

        var result = await ReplayAsync(host, stream);

        Assert.Equal(JsonLines.ReadLines(model.Files.HeldOutEvents).Count(), stream.Count);
        Assert.Equal(stream.Count, result.Counts.Scored);
        Assert.NotNull(stream.Truth);
        Assert.All(host.Published.ByEventId.Keys, id => Assert.True(stream.Truth!.ContainsKey(id)));
    }

    [Fact]
    public async Task AConvertedPublicDatasetReplaysWithThePurchasesConvertedBesideIt()
    {
        var directory = Path.Combine(Path.GetTempPath(), "daprpredictor-standalone-import", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var csv = Path.Combine(directory, "2019-Oct.csv");
            await File.WriteAllLinesAsync(csv, PublicFormatGenerator.Rees46(new PublicFormatOptions { Rows = 4_000, Seed = 3, Days = 2 }));
            var converted = ImportConverter.Convert(new ImportSource(DatasetFormat.Rees46, [csv]), Path.Combine(directory, "out"), new ImportOptions());
            using var host = new StandaloneHost(model.Files.Model);
            var stream = ReplaySource.FromFile(converted.Files.Events, purchasesPath: null);

            var result = await ReplayAsync(host, stream);

            var c = result.Counts;
            Assert.Equal(converted.Report.Events, stream.Count);
            Assert.Equal(converted.Report.Purchases, stream.Purchases!.Count);
            Assert.Equal(converted.Files.Purchases, stream.PurchasesSource);
            Assert.Equal(0, c.DeadLetteredTotal); // 2019 events are judged at their own time, not today's
            Assert.Equal(stream.Count, c.Scored + c.Duplicates);
            Assert.Equal(c.Scored, host.Published.ByEventId.Count);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task ExpiredWindowsAreSweptSoMemoryFollowsLiveSessionsNotUsersSeen()
    {
        using var host = new StandaloneHost(model.Files.Model);
        var stream = ReplaySource.Synthetic(12_000, seed: 9, NoiseOptions.None);

        var result = await ReplayAsync(host, stream);

        var users = ReplayTruth.ByEventId(stream).Count / 4; // about 4.8 events per visit, one visit per user
        Assert.InRange(result.LiveWindows, 0, users / 5);
        Assert.Equal(stream.Count, result.Counts.Scored);
    }

    [Fact]
    public async Task ATransientFailureIsRedeliveredAndAfterTheBudgetDeadLetteredAsRetriesExhausted()
    {
        // Every event whose newest page is a help page fails, on every delivery.
        var help = Domain.Features.FeatureSchema.Names.ToList().IndexOf("last_page_help");
        var scorer = new RecordingScorer { FailOn = features => features[help] == 1 ? new TimeoutException("scorer hung") : null };
        using var host = new StandaloneHost(model.Files.Model, StandaloneHost.WithScorer(scorer));
        var stream = ReplaySource.Synthetic(600, seed: 10, NoiseOptions.None);

        var result = await ReplayAsync(host, stream);

        var c = result.Counts;
        Assert.True(c.DeadLettered.TryGetValue("retries-exhausted", out var exhausted) && exhausted > 0);
        Assert.Equal(stream.Count, c.Scored + c.DeadLetteredTotal + c.Duplicates);
        Assert.Equal(c.Received, c.Settled);
        Assert.Equal(5 * exhausted, c.Retried); // five failed deliveries each, then the dead letter
    }
}

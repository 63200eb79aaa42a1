using DaprPredictor.Benchmarks.DaprPath;
using DaprPredictor.Contracts;
using DaprPredictor.Synthetic;
using Xunit.Abstractions;

namespace DaprPredictor.Benchmarks.Tests;

/// <summary>
/// The dapr-path benchmark for a few seconds at a low rate: the three services as processes, their fake sidecars, a
/// real MariaDB, a model trained by the training CLI. Every page view published must end scored, dead-lettered or as a
/// duplicate by the feature extractor's own /metrics, and the consumer must receive each prediction and dead letter.
/// </summary>
public sealed class DaprPathSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryPublishedPageViewEndsScoredRejectedOrDuplicateAndTheConsumerGetsItsPredictionOrDeadLetter()
    {
        var directory = Directory.CreateTempSubdirectory("dp-rig-");
        try
        {
            var options = new DaprPathOptions
            {
                Ports = PortPlan.FindFree(),
                Rates = [20],
                Seconds = 5,
                WarmupSeconds = 0,
                Runs = 1,
                TrainingUsers = 300,
                Noise = new NoiseOptions(DuplicateRate: 0.05, InvalidRate: 0.05),
                ModelDirectory = Path.Combine(directory.FullName, "model"),
                MariaDbDirectory = Path.Combine(directory.FullName, "db"),
                RemoveMariaDb = true,
                DrainTimeout = TimeSpan.FromMinutes(1),
            };

            var report = await DaprPathBenchmark.RunAsync(options, new TestOutputWriter(output));

            output.WriteLine(DaprPathBenchmark.Summarize(report));
            var run = Assert.Single(report.Runs);
            Assert.True(run.Drained);
            Assert.Equal(100, report.Published);
            Assert.True(report.AccountedFor);
            Assert.All(new[] { report.Fates.Scored, report.Fates.Duplicates, report.Fates.Rejected }, n => Assert.True(n > 0));
            // The single-event path: a delivery, a window read and save, a prediction publish, a scorer invocation per event.
            Assert.All(new[] { "Deliver", "GetState", "SaveState", "PublishEvent", "invoke" }, name => Assert.True(run.CallsPerEvent(Topology.FeatureExtractorAppId, name) > 0.5, name));
            Assert.True(run.CallsPerEvent(Topology.ScorerAppId, "CallLocal") > 0.5);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

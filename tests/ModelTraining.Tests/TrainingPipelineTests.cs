using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.ModelTraining.Tests;

[Collection(TrainedModelCollection.Name)]
public class TrainingPipelineTests(TrainedModelFixture trained)
{
    [Fact]
    public void SmallTrainingRunClearlyBeatsTheBaseRateAndApproachesTheOracle()
    {
        var m = trained.Result.Metrics;

        Assert.True(m.LogLoss < 0.9 * m.BaseRateLogLoss, $"log loss {m.LogLoss:0.0000} vs base rate {m.BaseRateLogLoss:0.0000}");
        Assert.InRange(m.Auc, 0.75, 1);
        Assert.True(m.OracleLogLoss <= m.LogLoss, "nothing can beat the oracle on average over thousands of events");
        Assert.InRange(m.BaseRate, 0.05, 0.4);
    }

    [Fact]
    public void MetricsFileHasEveryField()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(trained.Result.Files.Metrics));
        var root = json.RootElement;

        foreach (var field in new[] { "auc", "logLoss", "brier", "oracleAuc", "oracleLogLoss", "baseRateLogLoss", "trainRows", "testRows", "featureSchemaVersion", "modelVersion" })
        {
            Assert.True(root.TryGetProperty(field, out var value), $"metrics.json lacks {field}");
            Assert.NotEqual(JsonValueKind.Null, value.ValueKind);
        }

        Assert.Equal(FeatureSchema.Version, root.GetProperty("featureSchemaVersion").GetInt32());
        Assert.Equal(trained.Result.Card.ModelVersion, root.GetProperty("modelVersion").GetString());
    }

    [Fact]
    public void OutputsHoldTheHeldOutStreamAndTheOfflineStoreSeed()
    {
        var files = trained.Result.Files;
        var m = trained.Result.Metrics;

        Assert.Equal(m.TestRows, JsonLines.ReadEvents(files.HeldOutEvents).Count);
        Assert.Equal(m.TestRows, JsonLines.ReadLines(files.HeldOutLabels).Count());
        var purchases = JsonLines.ReadPurchases(files.Purchases);
        Assert.NotEmpty(purchases);

        var sql = File.ReadAllText(files.OfflineSeedSql);
        Assert.Contains("CREATE TABLE IF NOT EXISTS purchases", sql, StringComparison.Ordinal);
        Assert.Equal(purchases.Count, sql.Split('\n').Count(line => line.StartsWith('(')));
    }

    [Fact]
    public void HeldOutEventsAreLaterThanEveryTrainingSession()
    {
        var split = trained.Result.Metrics.SplitAt;
        var times = JsonLines.ReadEvents(trained.Result.Files.HeldOutEvents).Select(e => DateTimeOffset.Parse(e.Timestamp!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        Assert.All(times, t => Assert.True(t >= split));
        Assert.Equal(times.Order(), times);
    }
}

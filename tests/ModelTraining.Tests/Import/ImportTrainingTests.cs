using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.ModelTraining.Import;
using DaprPredictor.Synthetic.PublicFormats;

namespace DaprPredictor.ModelTraining.Tests.Import;

/// <summary>A dataset converted and trained on end to end, the way <c>--import</c> runs it.</summary>
public sealed class ImportTrainingTests : IDisposable
{
    private readonly DatasetFiles _files = new();

    public void Dispose() => _files.Dispose();

    private TrainingResult Train(DatasetFormat format, IEnumerable<string> lines, long? maxRows = null) =>
        TrainingPipeline.Run(new TrainingRequest
        {
            OutputDirectory = Path.Combine(_files.Directory, "model"),
            Import = new ImportSource(format, [_files.Write("data.csv.gz", lines, gzip: true)]),
            MaxRows = maxRows,
            Trainer = new TrainerSettings(Trees: 40, MinimumRowsPerLeaf: 50),
        });

    [Fact]
    public void AnImportedDatasetTrainsAModelJudgedOnALaterPeriodAgainstTheBaseRateWithoutAnOracle()
    {
        var result = Train(DatasetFormat.Rees46, PublicFormatGenerator.Rees46(new PublicFormatOptions { Rows = 60_000, Seed = 11, Days = 10 }));

        var m = result.Metrics;
        Assert.Null(m.OracleAuc);
        Assert.Null(m.OracleLogLoss);
        Assert.Null(m.Users);
        Assert.True(m.LogLoss < m.BaseRateLogLoss, $"log loss {m.LogLoss:0.0000} vs base rate {m.BaseRateLogLoss:0.0000}");
        Assert.True(m.Brier < m.BaseRateBrier, $"Brier {m.Brier:0.0000} vs base rate {m.BaseRateBrier:0.0000}");
        Assert.InRange(m.Auc, 0.6, 1);

        using var json = JsonDocument.Parse(File.ReadAllText(result.Files.Metrics));
        foreach (var field in new[] { "auc", "logLoss", "brier", "baseRate", "baseRateLogLoss", "baseRateBrier" })
        {
            Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty(field).ValueKind);
        }

        Assert.NotNull(result.Conversion);
        Assert.Equal(result.Conversion.Events, result.Report.Events);
        var heldOut = JsonLines.ReadEvents(result.Files.HeldOutEvents);
        Assert.All(heldOut, e => Assert.True(Rfc3339.TryParse(e.Timestamp, out var at) && at >= m.SplitAt));
    }

    [Fact]
    public void ASampledDatasetTrainsOnItsSampleWhileTheOfflineStoreKeepsEveryUsersPurchases()
    {
        var lines = PublicFormatGenerator.RetailRocket(new PublicFormatOptions { Rows = 60_000, Seed = 12, Days = 10 }).ToList();

        var result = Train(DatasetFormat.RetailRocket, lines, maxRows: 20_000);

        var conversion = result.Conversion!;
        Assert.Equal(conversion.Sample.Events, result.Report.Events);
        Assert.InRange(result.Report.Events, 10_000, 20_000);
        Assert.True(conversion.Events > 40_000);
        Assert.Equal(conversion.Purchases, JsonLines.ReadPurchases(result.Files.Purchases).Count);
        Assert.Equal(conversion.Events, JsonLines.ReadLines(result.Files.Events).Count());
        Assert.Contains(result.Files.Conversion, result.Files.All);
    }
}

using DaprPredictor.Benchmarks.DaprPath;

namespace DaprPredictor.Benchmarks.Tests;

/// <summary>--mode: the feature extractor's configuration each mode sets (the keys its bulk route reads).</summary>
public sealed class PipelineModeTests
{
    [Fact]
    public void BulkSetsTheFeatureExtractorsBulkSwitchBatchSizeAndAwait()
    {
        var mode = Assert.Single(PipelineMode.ParseList("bulk", batchSize: 50, batchAwaitMs: 15));

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["PageViews__Bulk__Enabled"] = "true",
                ["PageViews__Bulk__MaxMessagesCount"] = "50",
                ["PageViews__Bulk__MaxAwaitDurationMs"] = "15",
            },
            mode.Environment);
    }

    [Fact]
    public void SingleTurnsTheBulkRouteOffWhateverTheAppsettingsSay()
    {
        var mode = Assert.Single(PipelineMode.ParseList("single", 100, 20));

        Assert.Equal(new Dictionary<string, string?> { ["PageViews__Bulk__Enabled"] = "false" }, mode.Environment);
    }

    [Fact]
    public void BothModesRunInTheOrderGivenOnce()
    {
        Assert.Equal([false, true], PipelineMode.ParseList(" single , BULK,single", 100, 20).Select(m => m.Bulk));
    }

    [Theory]
    [InlineData("batch")]
    [InlineData(",")]
    public void AnUnknownOrEmptyModeIsRefusedByName(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => PipelineMode.ParseList(text, 100, 20));

        Assert.Contains("--mode", error.Message, StringComparison.Ordinal);
    }
}

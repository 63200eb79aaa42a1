using DaprPredictor.Testing;

namespace DaprPredictor.Standalone.Tests;

/// <summary>
/// The built host with one setting that cannot work: one line naming it, exit 78, no stack trace, and nothing trained
/// or replayed first (the model given does not exist: had the host started, it would have exited 2 saying so).
/// </summary>
public class InvalidConfigurationTests
{
    private static readonly string Host = ServiceProcess.BuiltAssembly("standalone", "DaprPredictor.Standalone");

    private static readonly string[] NoModel = ["--model", Path.Combine(Path.GetTempPath(), "daprpredictor-no-such-model.zip"), "--events", "0"];

    [Theory]
    [InlineData("Broker__Capacity", "0", "Broker:Capacity")]
    [InlineData("Broker__Partitions", "many", "Broker:Partitions")]
    [InlineData("Window__RecentPages", "1", "Window:RecentPages")]
    [InlineData("OfflineFeatures__CacheTtl", "-00:05:00", "OfflineFeatures:CacheTtl")]
    [InlineData("Cleaning__MaxEventAge", "00:00:01", "Cleaning:MaxEventAge")]
    [InlineData("Grading__SweepInterval", "00:00:00", "Grading:SweepInterval")]
    [InlineData("APP_API_TOKEN", "s3cret\n", "APP_API_TOKEN")]
    public Task ASettingThatCannotWorkStopsTheHostWithOneLineNamingIt(string variable, string value, string named) =>
        ServiceProcess.AssertRefusesToStartAsync(Host, variable, value, named, NoModel);

    [Fact]
    public async Task AServingPortOutOfRangeStopsTheHostNamingUrls()
    {
        var exit = await ServiceProcess.RunAsync(Host, new Dictionary<string, string>(), ["--serve", "--urls", "http://localhost:99999", .. NoModel], TimeSpan.FromSeconds(30));

        ServiceProcess.AssertRefused(exit, "--urls", "--urls http://localhost:99999");
    }

    [Theory]
    [InlineData("--events", "lots")]
    [InlineData("--events", "-1")]
    [InlineData("--duplicates", "0.9")]
    [InlineData("--train-users", "many")]
    public async Task ABadArgumentStopsTheHostNamingItWithoutAStackTrace(string option, string value)
    {
        var exit = await ServiceProcess.RunAsync(Host, new Dictionary<string, string>(), [option, value], TimeSpan.FromSeconds(30));

        Assert.False(exit.TimedOut, exit.ToString());
        Assert.NotEqual(0, exit.Code);
        Assert.Contains(exit.ErrorLines, line => line.Contains(option, StringComparison.Ordinal));
        Assert.DoesNotContain("Exception", exit.Error, StringComparison.Ordinal);
    }
}

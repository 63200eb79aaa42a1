using DaprPredictor.Testing;

namespace DaprPredictor.Scorer.Tests;

/// <summary>The built service with one setting that cannot work: one line naming it, exit 78, no stack trace.</summary>
public class InvalidConfigurationTests
{
    private static readonly string Service = ServiceProcess.BuiltAssembly("scorer", "DaprPredictor.Scorer");

    [Theory]
    [InlineData("Scorer__ModelPath", "", "Scorer:ModelPath")]
    [InlineData("Scorer__MaxBatchSize", "0", "Scorer:MaxBatchSize")]
    [InlineData("Scorer__ReloadPollInterval", "often", "Scorer:ReloadPollInterval")]
    [InlineData("Scorer__ReloadDebounce", "00:01:00", "Scorer:ReloadDebounce")]
    [InlineData("URLS", "http://127.0.0.1:99999", "Urls")]
    [InlineData("ASPNETCORE_HTTP_PORTS", "5300;abc", "HTTP_PORTS")]
    [InlineData("APP_API_TOKEN", "s3cret\r\n", "APP_API_TOKEN")]
    public Task ASettingThatCannotWorkStopsTheServiceWithOneLineNamingIt(string variable, string value, string named) =>
        ServiceProcess.AssertRefusesToStartAsync(Service, variable, value, named);
}

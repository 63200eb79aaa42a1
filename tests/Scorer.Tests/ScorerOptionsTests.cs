using DaprPredictor.Scorer.Scoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DaprPredictor.Scorer.Tests;

public sealed class ScorerOptionsTests
{
    // A plain host with the scorer's registrations: WebApplicationFactory reports a failed start nondeterministically
    // (the entry point may dispose the container before the factory reads the exception).
    [Theory]
    [InlineData("Scorer:ModelPath", "", "Scorer:ModelPath is required")]
    [InlineData("Scorer:MaxBatchSize", "0", "Scorer:MaxBatchSize must be between")]
    [InlineData("Scorer:ReloadPollInterval", "00:00:00", "Scorer:ReloadPollInterval must be between")]
    public async Task InvalidSettingStopsTheScorerAtStartNamingTheSetting(string key, string value, string expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scorer:ModelPath"] = Path.Combine(Path.GetTempPath(), "daprpredictor-scorer-tests", "absent", "model.zip"),
            [key] = value,
        });
        builder.AddScoring();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidSettingsStartTheScorerEvenWithoutAModel()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Scorer:ModelPath"] = Path.Combine(Path.GetTempPath(), "daprpredictor-scorer-tests", "absent", "model.zip"),
        });
        builder.AddScoring();
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();
    }
}

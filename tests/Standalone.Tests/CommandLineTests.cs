using System.Diagnostics;

namespace DaprPredictor.Standalone.Tests;

/// <summary>The command a newcomer runs, as a real process: it replays, prints the summary and exits 0.</summary>
[Collection(StandaloneCollection.Name)]
public class CommandLineTests(TrainedModel model)
{
    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var app = Path.Combine(AppContext.BaseDirectory, "DaprPredictor.Standalone.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(app);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task ReplayingASyntheticStreamPrintsWhereEveryEventEndedAndExitsZero()
    {
        var (exitCode, output) = await RunAsync("--events", "2000", "--seed", "4", "--model", model.Files.Model);

        Assert.True(exitCode == 0, output);
        Assert.Contains("accounted for", output, StringComparison.Ordinal);
        Assert.Contains("Throughput:", output, StringComparison.Ordinal);
        Assert.Contains("p99", output, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT accounted for", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingModelGivenOnTheCommandLineIsAnErrorNotATraining()
    {
        var (exitCode, output) = await RunAsync("--events", "10", "--model", Path.Combine(model.Directory, "nope.zip"));

        Assert.Equal(2, exitCode);
        Assert.Contains("No model at", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongArgumentsAreRejectedWithTheirReason()
    {
        var (exitCode, output) = await RunAsync("--events", "-5");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--events must not be negative", output, StringComparison.Ordinal);
    }
}

using System.Diagnostics;

namespace DaprPredictor.Standalone.Tests;

/// <summary>The command a newcomer runs, as a real process: it replays, prints the summary and exits 0.</summary>
[Collection(StandaloneCollection.Name)]
public class CommandLineTests(StandaloneModel model)
{
    private static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RunInAsync(Path.GetTempPath(), args);

    private static async Task<(int ExitCode, string Output)> RunInAsync(string workingDirectory, params string[] args)
    {
        var app = Path.Combine(AppContext.BaseDirectory, "DaprPredictor.Standalone.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
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
    public async Task AFirstRunWithoutAModelTrainsOneUnderTheWorkingDirectoryAndSaysSo()
    {
        var fresh = Path.Combine(Path.GetTempPath(), "daprpredictor-first-run", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(fresh);
        try
        {
            var (exitCode, output) = await RunInAsync(fresh, "--events", "500", "--train-users", "2000");

            Assert.True(exitCode == 0, output);
            var trained = Path.Combine(fresh, "out", "standalone", "model.zip");
            Assert.Contains($"No model at {trained}: training one", output, StringComparison.Ordinal);
            Assert.Contains("Training boosted trees: done", output, StringComparison.Ordinal);
            Assert.True(File.Exists(trained), output);
            Assert.True(File.Exists(Path.Combine(fresh, "out", "standalone", "purchases.jsonl")));

            var (again, second) = await RunInAsync(fresh, "--events", "100");
            Assert.True(again == 0, second);
            Assert.DoesNotContain("training one", second, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(fresh, recursive: true);
        }
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

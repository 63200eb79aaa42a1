using System.Diagnostics;

namespace DaprPredictor.Benchmarks.Infrastructure;

/// <summary>Runs a script of the repository (scripts/...) with bash.</summary>
internal static class RepositoryScript
{
    /// <summary>The script's stdout, or an exception with its stderr when it fails.</summary>
    public static async Task<string> RunAsync(string script, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(BenchmarkModel.RepositoryRoot, script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {script}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await stdout : throw new InvalidOperationException($"{script} failed ({process.ExitCode}):{Environment.NewLine}{await stderr}");
    }
}

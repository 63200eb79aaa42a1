using System.Diagnostics;

namespace DaprPredictor.Testing;

/// <summary>Runs the repository's own scripts (scripts/…) as CI does, failing with their output when they fail.</summary>
public static class ProjectScripts
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <returns>The script's standard output.</returns>
    public static async Task<string> RunAsync(string script, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, "scripts", script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start bash for scripts/{script}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"scripts/{script} did not finish within {timeout}:\n{await stderr}");
        }

        if (process.ExitCode != 0) throw new InvalidOperationException($"scripts/{script} failed with exit code {process.ExitCode}:\n{await stderr}\n{await stdout}");
        return await stdout;
    }

    /// <summary>A TCP port nothing listens on right now (the OS picks it).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DaprPredictor.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"No DaprPredictor.sln above {AppContext.BaseDirectory}.");
    }
}

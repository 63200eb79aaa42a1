using System.Diagnostics;
using Xunit;

namespace DaprPredictor.Testing;

/// <summary>
/// A service as an operator starts it: its own build output (services/X/bin/{configuration}/{framework}, next to its
/// appsettings.json) run with <c>dotnet exec</c>, with the environment given. For what happens before it serves: a
/// setting that cannot work must stop it with a line that names the setting, not a stack trace.
/// </summary>
public static class ServiceProcess
{
    /// <summary>The variables a test runner may carry that would change what the service reads.</summary>
    private static readonly string[] Inherited =
    [
        "DAPR_HTTP_PORT", "DAPR_GRPC_PORT", "DAPR_HTTP_ENDPOINT", "DAPR_GRPC_ENDPOINT", "DAPR_API_TOKEN", "APP_API_TOKEN",
        "ASPNETCORE_URLS", "URLS", "ASPNETCORE_HTTP_PORTS", "HTTP_PORTS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT",
    ];

    public static string BuiltAssembly(string serviceFolder, string assemblyName)
    {
        // This test's own output is tests/X.Tests/bin/{configuration}/{framework}/: the service was built the same way.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(ProjectScripts.RepositoryRoot, "services", serviceFolder, "bin", framework.Parent!.Name, framework.Name, assemblyName + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {serviceFolder} first: {path} is missing.", path);
    }

    /// <summary>
    /// Starts the service with one setting in its environment (and an ephemeral loopback port, in case it does start)
    /// and asserts that it refuses to start as an operator needs it to: see <see cref="AssertRefused"/>.
    /// </summary>
    public static async Task AssertRefusesToStartAsync(string assembly, string variable, string value, string named, params string[] arguments)
    {
        var environment = new Dictionary<string, string> { ["URLS"] = "http://127.0.0.1:0", [variable] = value };
        AssertRefused(await RunAsync(assembly, environment, arguments, TimeSpan.FromSeconds(30)), named, $"{variable}={value}");
    }

    /// <summary>Exit code 78 (EX_CONFIG), and on standard error exactly one line, which names <paramref name="named"/>; no stack trace.</summary>
    public static void AssertRefused(ProcessExit exit, string named, string because)
    {
        Assert.False(exit.TimedOut, $"{because}: the service started instead of refusing.\n{exit}");
        Assert.True(exit.Code == 78, $"{because}: {exit}");
        var line = Assert.Single(exit.ErrorLines);
        Assert.StartsWith("Invalid configuration: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", exit.Error + exit.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs the assembly until it exits, or kills it after <paramref name="timeout"/> (then <see cref="ProcessExit.TimedOut"/>:
    /// a service that should have refused to start is serving instead).
    /// </summary>
    public static async Task<ProcessExit> RunAsync(string assembly, IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in Inherited) start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        return new ProcessExit(timedOut ? null : process.ExitCode, await output, await error);
    }
}

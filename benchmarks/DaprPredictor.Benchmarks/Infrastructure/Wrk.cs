using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DaprPredictor.Benchmarks.Infrastructure;

/// <summary>wrk (Debian package "wrk"), pinned with taskset: an epoll-based closed-loop generator written in C.</summary>
internal static partial class Wrk
{
    public static bool IsInstalled => File.Exists("/usr/bin/wrk");

    public static async Task<(double RequestsPerSecond, long Errors, string Output)> RunAsync(Uri url, string body, int connections, TimeSpan duration, int cpu)
    {
        var script = Path.Combine(Path.GetTempPath(), $"daprpredictor-wrk-{Environment.ProcessId}.lua");
        await File.WriteAllTextAsync(script, $"wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = [[{body}]]\n");
        try
        {
            var start = new ProcessStartInfo("taskset") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
            {
                "-c", cpu.ToString(CultureInfo.InvariantCulture), "wrk", "-t1", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "-s", script, url.ToString(),
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk.");
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var rate = RequestsPerSecondPattern().Match(output);
            if (!rate.Success) throw new InvalidOperationException($"Unexpected wrk output:{Environment.NewLine}{output}");
            var non2xx = Non2xxPattern().Match(output);
            var socketErrors = SocketErrorsPattern().Match(output);
            var errors = (non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0)
                + (socketErrors.Success ? socketErrors.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0);
            return (double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture), errors, output);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecondPattern();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xxPattern();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsPattern();
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DaprPredictor.ServiceDefaults;

/// <summary>
/// Refuses to start on a setting that cannot work, with one line per bad setting on standard error that names it, and
/// exit code <see cref="ExitCode"/>, instead of serving healthy until the first call fails, or of the host's "Hosting
/// failed to start" log, a stack trace and exit code 134. Checks every option registered with
/// <see cref="OptionsExtensions.AddValidatedOptions{TOptions}"/> (and any other ValidateOnStart) and the addresses to listen on.
/// </summary>
public static class StartupValidation
{
    /// <summary>EX_CONFIG of sysexits.h: a configuration error, told apart from a crash (134) and from wrong arguments (1, 2).</summary>
    public const int ExitCode = 78;

    /// <summary>The configuration keys Kestrel listens by, and how users set them.</summary>
    private static readonly (string Key, string Setting)[] AddressKeys =
    [
        ("urls", "Urls (--urls, ASPNETCORE_URLS, URLS or \"Urls\" in appsettings.json)"),
        ("http_ports", "HTTP_PORTS (ASPNETCORE_HTTP_PORTS)"),
        ("https_ports", "HTTPS_PORTS (ASPNETCORE_HTTPS_PORTS)"),
    ];

    /// <summary>Runs the app until it stops (0), unless its configuration is invalid (<see cref="ExitCode"/>).</summary>
    public static int RunValidated(this WebApplication app)
    {
        if (!app.ValidateConfiguration()) return ExitCode;
        app.Run();
        return 0;
    }

    /// <summary>False, after writing one line per problem to <paramref name="errors"/> (standard error by default), when a setting is invalid.</summary>
    public static bool ValidateConfiguration(this WebApplication app, TextWriter? errors = null)
    {
        var problems = ListeningProblems(app.Configuration).ToList();
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException ex)
        {
            problems.AddRange(ex.Failures);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            problems.AddRange(ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures));
        }
        catch (InvalidOperationException ex) when (ex.InnerException is FormatException or OverflowException or ArgumentException)
        {
            // The configuration binder's "Failed to convert configuration value '…' at 'Section:Key' to type '…'."
            problems.Add(ex.Message);
        }

        if (problems.Count == 0) return true;
        errors ??= Console.Error;
        foreach (var problem in problems) errors.WriteLine($"Invalid configuration: {OneLine(problem)}");
        errors.Flush();
        return false;
    }

    /// <summary>Addresses Kestrel would refuse at bind time with an exception that does not say where the address came from.</summary>
    public static IEnumerable<string> ListeningProblems(IConfiguration configuration)
    {
        foreach (var (key, setting) in AddressKeys)
        {
            if (configuration[key] is not { Length: > 0 } value) continue;
            foreach (var entry in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if ((key == "urls" ? UrlProblem(entry) : PortProblem(entry)) is { } problem) yield return $"{setting} has '{entry}': {problem}";
            }
        }
    }

    private static string? UrlProblem(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            return "not a URL such as http://127.0.0.1:5000.";
        }

        if (address.IsUnixPipe || address.IsNamedPipe) return null;
        if (address.Scheme is not ("http" or "https")) return "the scheme must be http or https.";
        return address.Port is < 0 or > 65535 ? "the port must be between 0 and 65535." : null;
    }

    private static string? PortProblem(string port) =>
        int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p <= 65535
            ? null
            : "each port must be a number between 0 and 65535.";

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}

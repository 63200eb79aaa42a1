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
/// <see cref="OptionsExtensions.AddValidatedOptions{TOptions}"/> (and any other ValidateOnStart) and the addresses to listen on,
/// right after the build, before endpoint mapping reads any option.
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

    /// <summary>
    /// Builds the app and checks its settings before anything reads them (endpoint mapping reads some). Null, after
    /// one line per problem on standard error, when a setting is invalid: the caller exits with <see cref="ExitCode"/>.
    /// When the app runs inside another process (a test host), the first problem is thrown instead, as the host would.
    /// </summary>
    public static WebApplication? BuildValidated(this WebApplicationBuilder builder, TextWriter? errors = null)
    {
        var app = builder.Build();
        var (problems, thrown) = Problems(app);
        if (problems.Count == 0) return app;
        if (!OwnsProcess(app))
        {
            // Rethrown with the stack it was thrown with, so a test host's failure points at the options' validation.
            thrown?.Throw();
            throw new InvalidOperationException(problems[0]);
        }

        errors ??= Console.Error;
        foreach (var problem in problems) errors.WriteLine($"Invalid configuration: {OneLine(problem)}");
        errors.Flush();
        ((IDisposable)app).Dispose();
        return null;
    }

    private static (List<string> Problems, System.Runtime.ExceptionServices.ExceptionDispatchInfo? Thrown) Problems(WebApplication app)
    {
        var problems = ListeningProblems(app.Configuration).ToList();
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
            return (problems, null);
        }
        catch (OptionsValidationException ex)
        {
            problems.AddRange(ex.Failures);
            return (problems, System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            problems.AddRange(ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures));
            return (problems, System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]));
        }
        catch (InvalidOperationException ex) when (ex.InnerException is FormatException or OverflowException or ArgumentException)
        {
            // The configuration binder's "Failed to convert configuration value '…' at 'Section:Key' to type '…'."
            problems.Add(ex.Message);
            return (problems, System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex));
        }
    }

    /// <summary>The process was started for this app (its entry assembly), not a host that runs it in-process.</summary>
    private static bool OwnsProcess(WebApplication app) =>
        string.Equals(System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name, app.Environment.ApplicationName, StringComparison.Ordinal);

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

using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DaprPredictor.ServiceDefaults;

/// <summary>
/// When an app API token is configured, only the sidecar may call the app: every request except probes and scraping
/// (exactly <c>/health</c>, <c>/alive</c> and <c>/metrics</c>) must carry a matching <c>dapr-api-token</c> header.
/// The comparison is of SHA-256 digests in constant time, so neither the content nor the length of the token leaks
/// through timing. Without a token, nothing is checked.
/// </summary>
public sealed class AppApiTokenMiddleware(RequestDelegate next, IOptions<AppApiTokenOptions> options)
{
    public const string Header = "dapr-api-token";

    private readonly byte[]? _expected = options.Value.Token is { Length: > 0 } token ? SHA256.HashData(Encoding.UTF8.GetBytes(token)) : null;

    public Task InvokeAsync(HttpContext context)
    {
        if (_expected is null || ServiceDefaultsExtensions.IsInfrastructure(context.Request.Path)) return next(context);

        var presented = context.Request.Headers[Header];
        if (presented.Count == 1 && presented[0] is { Length: > 0 } value
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(value)), _expected))
        {
            return next(context);
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Missing or wrong Dapr app API token",
            detail: $"This app only accepts calls through its Dapr sidecar, which sends the '{Header}' header.").ExecuteAsync(context);
    }

    /// <summary>
    /// Dapr's environment variable unless the setting is given. A token with surrounding white space (a secret file's
    /// trailing newline, typically) can never match: HTTP trims header values, and daprd cannot send a newline in one.
    /// </summary>
    internal static void Register(IServiceCollection services, IConfiguration configuration) =>
        services.AddOptions<AppApiTokenOptions>()
            .Configure(options => options.Token = configuration[AppApiTokenOptions.Key] ?? configuration[AppApiTokenOptions.EnvironmentVariable])
            .Validate(
                options => options.Token is null || options.Token.Trim() == options.Token,
                $"{AppApiTokenOptions.EnvironmentVariable} ({AppApiTokenOptions.Key}) starts or ends with white space or a newline, so no request could ever match it; remove it from the secret.")
            .ValidateOnStart();
}

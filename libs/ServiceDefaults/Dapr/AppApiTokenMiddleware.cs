using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DaprPredictor.ServiceDefaults.Dapr;

/// <summary>
/// When an app API token is configured, only the sidecar may call the app: every request except probes and scraping
/// must carry a matching <c>dapr-api-token</c> header (compared in constant time). Without a token, nothing is checked.
/// </summary>
public sealed class AppApiTokenMiddleware(RequestDelegate next, IOptions<DaprOptions> options)
{
    public const string Header = "dapr-api-token";

    private readonly byte[]? _expected = options.Value.AppApiToken is { Length: > 0 } token ? Encoding.UTF8.GetBytes(token) : null;

    public Task InvokeAsync(HttpContext context)
    {
        if (_expected is null || ServiceDefaultsExtensions.IsInfrastructure(context.Request.Path)) return next(context);

        var presented = context.Request.Headers[Header].ToString();
        if (presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _expected)) return next(context);

        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Missing or wrong Dapr app API token",
            detail: $"This app only accepts calls through its Dapr sidecar, which sends the '{Header}' header.").ExecuteAsync(context);
    }
}

using System.ComponentModel.DataAnnotations;

namespace DaprPredictor.Dapr;

/// <summary>
/// Where the sidecar is and which tokens to use. Unset values fall back to Dapr's own environment variables
/// (DAPR_HTTP_ENDPOINT / DAPR_HTTP_PORT, DAPR_GRPC_ENDPOINT / DAPR_GRPC_PORT, DAPR_API_TOKEN). The token the sidecar
/// sends to the app (APP_API_TOKEN) is checked by the service defaults, not here.
/// </summary>
public sealed class DaprOptions
{
    public const string Section = "Dapr";

    [Url]
    public string? HttpEndpoint { get; set; }

    [Url]
    public string? GrpcEndpoint { get; set; }

    /// <summary>Sent to the sidecar (DAPR_API_TOKEN).</summary>
    public string? ApiToken { get; set; }

    /// <summary>
    /// Upper bound on one service-invocation call. Dapr resiliency owns retries and per-attempt timeouts; this only
    /// stops a call from hanging when no resiliency policy applies (for example a sidecar started without one).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan InvocationTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

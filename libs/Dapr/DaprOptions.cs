using System.ComponentModel.DataAnnotations;
using DaprPredictor.Contracts;

namespace DaprPredictor.Dapr;

/// <summary>
/// Where the sidecar is and which tokens to use. Unset values fall back to Dapr's own environment variables
/// (DAPR_HTTP_ENDPOINT / DAPR_HTTP_PORT, DAPR_GRPC_ENDPOINT / DAPR_GRPC_PORT, DAPR_API_TOKEN). The token the sidecar
/// sends to the app (APP_API_TOKEN) is checked by the service defaults, not here.
/// </summary>
public sealed class DaprOptions : IValidatableObject
{
    public const string Section = "Dapr";

    /// <summary>The sidecar's HTTP endpoint (service invocation); unset, DAPR_HTTP_ENDPOINT, else 127.0.0.1:DAPR_HTTP_PORT.</summary>
    public string? HttpEndpoint { get; set; }

    /// <summary>The sidecar's gRPC endpoint (state, publish, bindings); unset, DAPR_GRPC_ENDPOINT, else 127.0.0.1:DAPR_GRPC_PORT.</summary>
    public string? GrpcEndpoint { get; set; }

    /// <summary>Sent to the sidecar (DAPR_API_TOKEN).</summary>
    public string? ApiToken { get; set; }

    /// <summary>
    /// Upper bound on one service-invocation call. Dapr resiliency owns retries and per-attempt timeouts; this only
    /// stops a call from hanging when no resiliency policy applies (for example a sidecar started without one).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan InvocationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The largest request one bulk call sends the sidecar. daprd refuses a gRPC message, request or response, over its
    /// <c>--max-body-size</c> (annotation <c>dapr.io/max-body-size</c>; 4 MiB by default: dapr/dapr
    /// cmd/daprd/options/options.go, pkg/api/grpc/server.go MaxRecvMsgSize/MaxSendMsgSize) with ResourceExhausted, so a
    /// bulk save or bulk publish larger than this is sent in several calls. Keep it below daprd's limit.
    /// </summary>
    [Range(16 * 1024, 1024 * 1024 * 1024)]
    public int MaxBulkRequestBytes { get; set; } = 3 * 1024 * 1024;

    /// <summary>
    /// Dapr's variables as this process received them (set by <see cref="DaprExtensions.AddDaprSidecar"/>). They are checked
    /// even when the endpoints above are given, because the SDK parses them whenever it builds a client.
    /// </summary>
    internal Func<string, string?> Variables { get; set; } = _ => null;

    /// <summary>The HTTP endpoint in effect; null leaves the SDK's default (http://localhost:3500).</summary>
    public string? SidecarHttpEndpoint =>
        HttpEndpoint ?? Variables(SidecarEnvironment.HttpEndpoint) ?? SidecarEnvironment.LocalEndpoint(Variables(SidecarEnvironment.HttpPort));

    /// <summary>The gRPC endpoint in effect; null leaves the SDK's default (http://localhost:50001).</summary>
    public string? SidecarGrpcEndpoint =>
        GrpcEndpoint ?? Variables(SidecarEnvironment.GrpcEndpoint) ?? SidecarEnvironment.LocalEndpoint(Variables(SidecarEnvironment.GrpcPort));

    /// <summary>Ports out of range, unparsable ports and endpoints that are not http(s) URLs, each named by its setting.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(HttpEndpoint), HttpEndpoint), (nameof(GrpcEndpoint), GrpcEndpoint) })
        {
            if (value is not null && SidecarEnvironment.EndpointProblem($"{Section}:{name}", value) is { } problem) yield return new ValidationResult(problem, [name]);
        }

        foreach (var problem in SidecarEnvironment.Problems(Variables)) yield return new ValidationResult(problem);
    }
}

using System.Globalization;

namespace DaprPredictor.Contracts;

/// <summary>
/// The variables <c>dapr run</c> and the sidecar injector give an app to say where its sidecar listens. The Dapr .NET SDK
/// reads them itself whenever a DaprClient is built, whatever endpoint the app passes (dotnet-sdk
/// <c>src/Dapr.Common/DaprDefaults.cs</c> int.Parse-s the ports; <c>src/Dapr.Client/DaprClientBuilder.cs</c> refuses a
/// scheme other than http or https), and a bad value then fails the first Dapr call with an exception that names no
/// variable (a FormatException for <c>abc</c>, an ArgumentOutOfRangeException of UriBuilder for 99999). Every process that
/// talks to a sidecar checks them at start instead; the simulator, a console app without ASP.NET Core, shares this check.
/// </summary>
public static class SidecarEnvironment
{
    public const string HttpPort = "DAPR_HTTP_PORT";
    public const string GrpcPort = "DAPR_GRPC_PORT";
    public const string HttpEndpoint = "DAPR_HTTP_ENDPOINT";
    public const string GrpcEndpoint = "DAPR_GRPC_ENDPOINT";

    /// <summary>One sentence per variable that is set (not empty) to a value the SDK cannot use; none when all are fine.</summary>
    public static IEnumerable<string> Problems(Func<string, string?> read)
    {
        foreach (var name in new[] { HttpPort, GrpcPort })
        {
            if (read(name) is { Length: > 0 } value && PortProblem(name, value) is { } problem) yield return problem;
        }

        foreach (var name in new[] { HttpEndpoint, GrpcEndpoint })
        {
            if (read(name) is { Length: > 0 } value && EndpointProblem(name, value) is { } problem) yield return problem;
        }
    }

    /// <summary>The sidecar on this host at the given port, as the SDK builds it; null when the port is unset or unusable.</summary>
    public static string? LocalEndpoint(string? port) =>
        port is { Length: > 0 } && PortProblem(string.Empty, port) is null ? $"http://127.0.0.1:{port}" : null;

    public static string? PortProblem(string setting, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? null
            : $"{setting} must be a port number from 1 to 65535, is '{value}'.";

    /// <summary>An endpoint must be an absolute http:// or https:// URL with a host (Uri itself refuses a port above 65535).</summary>
    public static string? EndpointProblem(string setting, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0 && uri.Port > 0
            ? null
            : $"{setting} must be an http:// or https:// URL of the Dapr sidecar such as http://127.0.0.1:3500, is '{value}'.";
}

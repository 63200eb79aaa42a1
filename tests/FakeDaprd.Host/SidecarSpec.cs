using System.Globalization;

namespace DaprPredictor.FakeDaprd.Host;

/// <summary>
/// One app's sidecar, as <c>--app ID:HTTP_PORT:GRPC_PORT[:APP_PORT]</c> gives it: daprd's <c>--app-id</c>,
/// <c>--dapr-http-port</c>, <c>--dapr-grpc-port</c> and <c>--app-port</c> (none for an app that only publishes).
/// </summary>
internal sealed record SidecarSpec(string AppId, int HttpPort, int GrpcPort, int? AppPort)
{
    public static SidecarSpec Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length is < 3 or > 4 || parts[0].Length == 0) throw new ArgumentException($"--app takes ID:HTTP_PORT:GRPC_PORT[:APP_PORT], got '{text}'.");
        return new SidecarSpec(parts[0], Port(parts[1], text), Port(parts[2], text), parts.Length == 4 ? Port(parts[3], text) : null);
    }

    private static int Port(string value, string text) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new ArgumentException($"'{value}' in --app '{text}' is not a port.");
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace DaprPredictor.ServiceDefaults;

/// <summary>
/// Where a service listens. Every launcher names the address in the environment: dapr.yaml's <c>env</c>
/// (<c>ASPNETCORE_URLS</c>), Tye (<c>ASPNETCORE_URLS</c> with a port of its own choosing when it proxies the service),
/// the images (<c>ASPNETCORE_HTTP_PORTS</c>), or <c>--urls</c>. appsettings.json must name none: it outranks every
/// <c>ASPNETCORE_</c> variable and would override the launcher. A plain <c>dotnet run</c>, given nothing, gets the
/// service's documented port on localhost instead of Kestrel's 5000, which all services would share.
/// </summary>
public static class ListenAddress
{
    /// <summary>Listens on <c>http://localhost:{port}</c> unless the configuration already gives an address.</summary>
    public static WebApplicationBuilder ListenOnLocalhostUnlessConfigured(this WebApplicationBuilder builder, int port)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        if (!IsConfigured(builder.Configuration)) builder.WebHost.UseUrls(Default(port));
        return builder;
    }

    public static string Default(int port) => $"http://localhost:{port}";

    /// <summary>
    /// True when the configuration names an address the way Kestrel reads one: <c>urls</c>, <c>http_ports</c>,
    /// <c>https_ports</c> (from <c>ASPNETCORE_*</c>, <c>DOTNET_*</c> or unprefixed variables, or the command line), or
    /// endpoints under <c>Kestrel:Endpoints</c>.
    /// </summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey])
        || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpPortsKey])
        || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpsPortsKey])
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
}

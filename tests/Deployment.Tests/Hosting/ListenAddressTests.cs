using DaprPredictor.Deployment.Tests.Checks;
using DaprPredictor.Deployment.Tests.Files;
using DaprPredictor.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;

namespace DaprPredictor.Deployment.Tests.Hosting;

/// <summary>
/// Where each service listens under each launcher, through ASP.NET Core's real configuration stack with the service's
/// own appsettings files: the launcher's environment is put where the process's environment variables would be read.
/// </summary>
public sealed class ListenAddressTests
{
    public static TheoryData<string> Services() => [.. Apps.Services];

    [Theory]
    [MemberData(nameof(Services))]
    public void UnderTyeTheAppListensOnThePortTyeHandsItNotOnTheProxysPort(string app)
    {
        // What Tye gives a proxied replica (dotnet/tye ProcessRunner.cs): ASPNETCORE_URLS with a port of its choosing.
        var (urls, _) = Address(app, new() { ["ASPNETCORE_URLS"] = "http://localhost:49731", ["PORT"] = "49731" });

        Assert.Equal("http://localhost:49731", urls);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void UnderDaprRunTheAppListensWhereDaprYamlSays(string app)
    {
        var env = RunFile.Read(RepositorySnapshot.Repository).App(app)!.Env;

        var (urls, _) = Address(app, env.ToDictionary());

        Assert.Equal(env["ASPNETCORE_URLS"], urls);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void InTheImageTheAppListensOnEveryInterfaceOnTheImagesPort(string app)
    {
        var env = Dockerfile.Read(RepositorySnapshot.Repository, $"services/{app}/Dockerfile").FinalEnv;

        var (urls, httpPorts) = Address(app, env.ToDictionary());

        Assert.Null(urls); // so Kestrel binds http://*:{ASPNETCORE_HTTP_PORTS}
        Assert.Equal(env["ASPNETCORE_HTTP_PORTS"], httpPorts);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void APlainDotnetRunListensOnTheDocumentedPortAtLocalhost(string app)
    {
        var (urls, _) = Address(app, []);

        Assert.Equal($"http://localhost:{Apps.DefaultPorts[app]}", urls);
    }

    [Fact]
    public void UrlsOnTheCommandLineWin()
    {
        var (urls, _) = Address(Apps.Services[0], new() { ["ASPNETCORE_URLS"] = "http://localhost:1" }, "--urls", "http://127.0.0.1:49732");

        Assert.Equal("http://127.0.0.1:49732", urls);
    }

    /// <summary>The <c>urls</c> and <c>http_ports</c> Kestrel will read (urls first) for a service started with this environment.</summary>
    private static (string? Urls, string? HttpPorts) Address(string app, Dictionary<string, string> environment, params string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = Path.Combine(RepositorySnapshot.Repository.RootDirectory, "services", app),
            EnvironmentName = Environments.Production,
        });
        ReplaceEnvironmentVariables(builder.Configuration, environment);
        builder.ListenOnLocalhostUnlessConfigured(Apps.DefaultPorts[app]);
        return (builder.Configuration[WebHostDefaults.ServerUrlsKey], builder.Configuration[WebHostDefaults.HttpPortsKey]);
    }

    /// <summary>Each environment-variable source (ASPNETCORE_, DOTNET_, unprefixed) reads <paramref name="environment"/> instead, at its own rank.</summary>
    private static void ReplaceEnvironmentVariables(ConfigurationManager manager, Dictionary<string, string> environment)
    {
        var sources = ((IConfigurationBuilder)manager).Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is not EnvironmentVariablesConfigurationSource source) continue;
            var prefix = source.Prefix ?? string.Empty;
            sources[i] = new MemoryConfigurationSource
            {
                InitialData = environment
                    .Where(v => v.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    .Select(v => KeyValuePair.Create(v.Key[prefix.Length..].Replace("__", ":", StringComparison.Ordinal), (string?)v.Value)),
            };
        }
    }
}

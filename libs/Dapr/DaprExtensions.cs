using Dapr.Client;
using DaprPredictor.Pipeline.Seams;
using DaprPredictor.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DaprPredictor.Dapr;

public static class DaprExtensions
{
    /// <summary>Validated <see cref="DaprOptions"/> and the one DaprClient every Dapr call of the process goes through.</summary>
    public static IHostApplicationBuilder AddDaprSidecar(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddValidatedOptions<DaprOptions>(DaprOptions.Section).PostConfigure(options =>
        {
            options.Variables = name => configuration[name] is { Length: > 0 } value ? value : null;
            options.ApiToken ??= configuration["DAPR_API_TOKEN"];
        });
        builder.Services.AddSingleton<SidecarGrpc>();
        builder.Services.AddDaprClient((services, client) =>
        {
            var options = services.GetRequiredService<IOptions<DaprOptions>>().Value;
            if (options.SidecarHttpEndpoint is { } http) client.UseHttpEndpoint(http);
            if (options.SidecarGrpcEndpoint is { } grpc) client.UseGrpcEndpoint(grpc);
            if (options.ApiToken is { } token) client.UseDaprApiToken(token);
        });
        return builder;
    }

    /// <summary>The Dapr state store as the pipeline's <see cref="IStateStore"/>.</summary>
    public static IServiceCollection AddDaprStateStore(this IServiceCollection services, string storeName) =>
        services.AddSingleton<IStateStore>(sp => new DaprStateStore(sp.GetRequiredService<DaprClient>(), sp.GetRequiredService<SidecarGrpc>(), storeName));

    /// <summary>Dapr pub/sub as the pipeline's <see cref="IMessagePublisher"/>.</summary>
    public static IServiceCollection AddDaprPublisher(this IServiceCollection services, string pubsubName) =>
        services.AddSingleton<IMessagePublisher>(sp => new DaprMessagePublisher(sp.GetRequiredService<DaprClient>(), sp.GetRequiredService<SidecarGrpc>(), pubsubName));

    /// <summary>
    /// An HttpClient whose requests go to the sidecar as <c>/v1.0/invoke/{appId}/method/{path}</c>
    /// (<see cref="DaprClient.CreateInvokeHttpClient"/>), bounded by <see cref="DaprOptions.InvocationTimeout"/>.
    /// </summary>
    public static HttpClient CreateInvokeClient(IServiceProvider services, string appId)
    {
        var options = services.GetRequiredService<IOptions<DaprOptions>>().Value;
        var client = DaprClient.CreateInvokeHttpClient(appId, options.SidecarHttpEndpoint, options.ApiToken);
        client.Timeout = options.InvocationTimeout;
        return client;
    }
}

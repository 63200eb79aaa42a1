using DaprPredictor.FakeDaprd.Grpc;
using DaprPredictor.FakeDaprd.Http;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DaprPredictor.FakeDaprd.Hosting;

/// <summary>Serves a <see cref="Daprd"/> from any ASP.NET Core host: Kestrel (<see cref="DaprdHost"/>) or a TestServer.</summary>
public static class DaprdEndpoints
{
    public static IServiceCollection AddFakeDaprd(this IServiceCollection services, Daprd daprd)
    {
        services.AddSingleton(daprd);
        services.AddGrpc(options =>
        {
            options.Interceptors.Add<ApiTokenInterceptor>();
            options.MaxReceiveMessageSize = daprd.Options.MaxBodyBytes;
            options.MaxSendMessageSize = daprd.Options.MaxBodyBytes;
        });
        services.AddSingleton<IServiceMethodProvider<DaprGrpcService>, DaprServiceMethods>();
        services.AddSingleton<DaprGrpcService>();
        services.AddSingleton<DaprReflectionService>();
        return services;
    }

    public static IEndpointRouteBuilder MapFakeDaprd(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<DaprGrpcService>();
        endpoints.MapGrpcService<DaprReflectionService>();
        endpoints.MapSidecarHttp();
        return endpoints;
    }
}

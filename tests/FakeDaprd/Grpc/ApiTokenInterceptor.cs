using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DaprPredictor.FakeDaprd.Grpc;

/// <summary>daprd's API token check on its gRPC server (dapr/dapr pkg/api/grpc/auth.go checkAPITokenInContext), for every method.</summary>
internal sealed class ApiTokenInterceptor(Daprd daprd) : Interceptor
{
    public const string Header = "dapr-api-token";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Check(ServerCallContext context)
    {
        if (daprd.Options.ApiToken is not { } token) return;
        var sent = context.RequestHeaders.GetValue(Header);
        if (sent is null) throw new RpcException(new Status(StatusCode.Unauthenticated, "missing api token in request metadata"));
        if (sent != token) throw new RpcException(new Status(StatusCode.Unauthenticated, "authentication error: api token mismatch"));
    }
}

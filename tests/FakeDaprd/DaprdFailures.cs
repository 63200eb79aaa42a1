using Grpc.Core;

namespace DaprPredictor.FakeDaprd;

/// <summary>
/// gRPC statuses for <see cref="Daprd.Fail"/>, shaped as an app sees them: Unavailable when the sidecar (or the
/// connection to it) is down, DeadlineExceeded when a call ran out of time, Internal when daprd answered with an error of
/// its own. The SDK wraps each in a DaprException (Dapr.Client DaprClientGrpc.cs, every RpcException catch).
/// </summary>
public static class DaprdFailures
{
    public static Status Unavailable { get; } = new(StatusCode.Unavailable, "connection refused");

    public static Status DeadlineExceeded { get; } = new(StatusCode.DeadlineExceeded, "context deadline exceeded");

    public static Status Internal(string detail) => new(StatusCode.Internal, detail);

    /// <summary>
    /// The resiliency policy's circuit breaker is open: daprd fails the call before trying it, with gobreaker's
    /// <c>ErrOpenState</c> as the error itself, not a gRPC status text (dapr/dapr pkg/resiliency/breaker/circuitbreaker.go).
    /// </summary>
    public static Status CircuitBreakerOpen { get; } = new(StatusCode.Unavailable, "circuit breaker is open");
}

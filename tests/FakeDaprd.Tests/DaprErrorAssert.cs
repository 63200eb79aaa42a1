using Dapr;
using Google.Rpc;
using Grpc.Core;
using RpcStatus = Google.Rpc.Status;

namespace DaprPredictor.FakeDaprd.Tests;

internal static class DaprErrorAssert
{
    /// <summary>
    /// The SDK's DaprException, with the status daprd answered and the ErrorInfo reason of its rich details. The details
    /// are read from the trailer directly: the SDK's DaprException.TryGetExtendedErrorInfo (Dapr.Common 1.19) expects the
    /// type URL "type.googleapis.com/Google.rpc.ErrorInfo" (capital G) while daprd, through Go's anypb, sends
    /// "type.googleapis.com/google.rpc.ErrorInfo", so on a real daprd it reports every detail as unknown.
    /// </summary>
    public static async Task<RpcException> ThrowsAsync(StatusCode code, string? reason, Func<Task> call)
    {
        var failure = await Assert.ThrowsAsync<DaprException>(call);
        var rpc = Assert.IsType<RpcException>(failure.InnerException);
        Assert.Equal(code, rpc.StatusCode);
        if (reason is not null)
        {
            var trailer = rpc.Trailers.Get("grpc-status-details-bin");
            Assert.NotNull(trailer);
            var status = RpcStatus.Parser.ParseFrom(trailer.ValueBytes);
            Assert.Equal(((int)code, rpc.Status.Detail), (status.Code, status.Message));
            var info = Assert.Single(status.Details, d => d.Is(ErrorInfo.Descriptor)).Unpack<ErrorInfo>();
            Assert.Equal(("dapr.io", reason), (info.Domain, info.Reason));
        }

        return rpc;
    }
}

using Dapr.Client.Autogen.Grpc.v1;
using DaprPredictor.FakeDaprd.Grpc;
using Grpc.Core;

namespace DaprPredictor.FakeDaprd.Tests;

/// <summary>The hand-bound methods against the service definition the SDK's Dapr.Protos package carries.</summary>
public sealed class ProtocolTests
{
    [Fact]
    public void EveryBoundMethodExistsInDaprProtoWithTheSameMessageTypes()
    {
        var service = Dapr.Client.Autogen.Grpc.v1.Dapr.Descriptor;

        Assert.Equal(DaprServiceMethods.ServiceName, service.FullName);
        Assert.All(DaprServiceMethods.Bound(new DaprdOptions()), bound =>
        {
            var method = service.FindMethodByName(bound.Name);
            Assert.NotNull(method);
            Assert.Equal((bound.Request, bound.Response), (method.InputType.ClrType, method.OutputType.ClrType));
        });
    }

    [Fact]
    public async Task AMethodTheFakeDoesNotServeAnswersUnimplementedAsAnOlderDaprdWould()
    {
        await using var sidecar = await Sidecar.StartAsync(new Version(1, 16));
        using var channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(sidecar.GrpcEndpoint);
        var client = new Dapr.Client.Autogen.Grpc.v1.Dapr.DaprClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.BulkPublishEventAsync(new BulkPublishRequest { PubsubName = Sidecar.PubSub, Topic = "t" }));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }
}

using System.Text;
using Dapr.Client;
using Grpc.Core;

namespace DaprPredictor.FakeDaprd.Tests;

/// <summary>daprd's output binding API (dapr/dapr pkg/api/grpc/grpc.go InvokeBinding, pkg/runtime/processor/binding/send.go).</summary>
public sealed class BindingTests
{
    [Fact]
    public async Task ABindingCallCarriesItsOperationMetadataAndDataAndGetsTheBindingsAnswer()
    {
        await using var sidecar = await Sidecar.StartAsync();
        sidecar.Daprd.OnBinding = call => Encoding.UTF8.GetBytes($"[{call.Metadata["params"]}]");
        var request = new BindingRequest(Sidecar.Binding, "query") { Data = new byte[] { 7 } };
        request.Metadata["sql"] = "SELECT ?";
        request.Metadata["params"] = """["x"]""";

        var response = await sidecar.Client.InvokeBindingAsync(request);

        Assert.Equal("""[["x"]]""", Encoding.UTF8.GetString(response.Data.Span));
        var call = Assert.Single(sidecar.Daprd.BindingRequests);
        Assert.Equal((Sidecar.Binding, "query", "SELECT ?", (byte)7), (call.BindingName, call.Operation, call.Metadata["sql"], call.Data.Span[0]));
    }

    [Fact]
    public async Task AnUnknownBindingAndAFailingBindingAreBothInternalErrInvokeOutputBinding()
    {
        await using var sidecar = await Sidecar.StartAsync();
        sidecar.Daprd.OnBinding = _ => throw new InvalidOperationException("Error 1146 (42S02): Table 'offline.purchases' doesn't exist");

        var unknown = await DaprErrorAssert.ThrowsAsync(StatusCode.Internal, "ERR_INVOKE_OUTPUT_BINDING", () => sidecar.Client.InvokeBindingAsync(new BindingRequest("mysql", "query")));
        var failing = await DaprErrorAssert.ThrowsAsync(StatusCode.Internal, "ERR_INVOKE_OUTPUT_BINDING", () => sidecar.Client.InvokeBindingAsync(new BindingRequest(Sidecar.Binding, "query")));

        Assert.Equal("error invoking output binding mysql: couldn't find output binding mysql", unknown.Status.Detail);
        Assert.Equal("error invoking output binding purchases-db: Error 1146 (42S02): Table 'offline.purchases' doesn't exist", failing.Status.Detail);
    }
}

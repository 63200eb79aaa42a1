using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;
using Autogen = Dapr.Client.Autogen.Grpc.v1;

namespace DaprPredictor.Dapr;

/// <summary>
/// Dapr's own gRPC client (<c>dapr.proto.runtime.v1.Dapr</c> from the Dapr.Protos package) on a channel of its own to
/// the sidecar, for the three bulk calls the SDK's DaprClient cannot make as the bulk path needs them (Dapr.Client
/// 1.19, src/Dapr.Client/DaprClientGrpc.cs): its GetBulkStateAsync drops each item's error, so a key daprd could not
/// read looks missing; its SaveBulkStateAsync writes every value through its JSON serializer, not as the bytes given;
/// its BulkPublishEventAsync puts one metadata on every entry, so entries cannot carry their own partition key. The
/// channel is built as the SDK builds its own: the DAPR_API_TOKEN in <c>dapr-api-token</c>, a cancelled or timed-out
/// call thrown as OperationCanceledException.
/// </summary>
public sealed class SidecarGrpc : IDisposable
{
    /// <summary>daprd's default gRPC endpoint, the SDK's too, when neither Dapr:GrpcEndpoint nor DAPR_GRPC_ENDPOINT/DAPR_GRPC_PORT names one.</summary>
    public const string DefaultEndpoint = "http://127.0.0.1:50001";

    private readonly GrpcChannel _channel;
    private readonly Metadata? _headers;
    private volatile bool _stableBulkPublishMissing;

    public SidecarGrpc(IOptions<DaprOptions> options)
    {
        var dapr = options.Value;
        // No receive limit of our own: daprd's --max-body-size bounds what it sends (ReadBulkAsync splits a read it refuses).
        _channel = GrpcChannel.ForAddress(dapr.SidecarGrpcEndpoint ?? DefaultEndpoint, new GrpcChannelOptions { ThrowOperationCanceledOnCancellation = true, MaxReceiveMessageSize = null });
        MaxRequestBytes = dapr.MaxBulkRequestBytes;
        Client = new Autogen.Dapr.DaprClient(_channel);
        if (dapr.ApiToken is { Length: > 0 } token) _headers = new Metadata { { "dapr-api-token", token } };
    }

    public Autogen.Dapr.DaprClient Client { get; }

    /// <summary><see cref="DaprOptions.MaxBulkRequestBytes"/>: how much one bulk request may carry.</summary>
    public int MaxRequestBytes { get; }

    public CallOptions Call(CancellationToken cancellationToken) => new(_headers, cancellationToken: cancellationToken);

    /// <summary>
    /// BulkPublishEvent, stable from Dapr 1.17; before that only BulkPublishEventAlpha1 exists and the stable name answers
    /// Unimplemented (dapr/dapr dapr/proto/runtime/v1/dapr.proto), so the first such answer switches to the Alpha1 name.
    /// </summary>
    public async Task<Autogen.BulkPublishResponse> BulkPublishAsync(Autogen.BulkPublishRequest request, CancellationToken cancellationToken)
    {
        if (!_stableBulkPublishMissing)
        {
            try
            {
                return await Client.BulkPublishEventAsync(request, Call(cancellationToken));
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unimplemented)
            {
                _stableBulkPublishMissing = true;
            }
        }

#pragma warning disable CS0612 // obsolete in the proto since 1.17, and the only name Dapr 1.15 and 1.16 know
        return await Client.BulkPublishEventAlpha1Async(request, Call(cancellationToken));
#pragma warning restore CS0612
    }

    public void Dispose() => _channel.Dispose();
}

using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace DaprPredictor.FakeDaprd.Grpc;

/// <summary>
/// Binds <see cref="DaprGrpcService"/> to <c>dapr.proto.runtime.v1.Dapr</c> by hand: the Dapr.Protos package ships the
/// messages and the client of dapr.proto but no server base class. Each method is declared with the request and response
/// types the proto gives it; <see cref="Bound"/> lets a test check them against the package's own service descriptor.
/// A method of the proto that is not bound answers Unimplemented, as daprd does for a method its version lacks.
/// </summary>
internal sealed class DaprServiceMethods(Daprd daprd) : IServiceMethodProvider<DaprGrpcService>
{
    public const string ServiceName = "dapr.proto.runtime.v1.Dapr";

    /// <summary>Every method this fake can serve, with its message types; BulkPublishEvent only on Dapr 1.17+.</summary>
    public static IReadOnlyList<(string Name, System.Type Request, System.Type Response)> Bound(DaprdOptions options) =>
    [
        ("GetState", typeof(GetStateRequest), typeof(GetStateResponse)),
        ("GetBulkState", typeof(GetBulkStateRequest), typeof(GetBulkStateResponse)),
        ("SaveState", typeof(SaveStateRequest), typeof(Empty)),
        ("DeleteState", typeof(DeleteStateRequest), typeof(Empty)),
        ("PublishEvent", typeof(PublishEventRequest), typeof(Empty)),
        ("BulkPublishEventAlpha1", typeof(BulkPublishRequest), typeof(BulkPublishResponse)),
        .. options.HasStableBulkPublish ? [("BulkPublishEvent", typeof(BulkPublishRequest), typeof(BulkPublishResponse))] : Array.Empty<(string, System.Type, System.Type)>(),
        ("InvokeBinding", typeof(InvokeBindingRequest), typeof(InvokeBindingResponse)),
        ("Shutdown", typeof(ShutdownRequest), typeof(Empty)),
    ];

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<DaprGrpcService> context)
    {
        Add(context, "GetState", GetStateRequest.Parser, GetStateResponse.Parser, static (s, r, c) => s.GetState(r, c));
        Add(context, "GetBulkState", GetBulkStateRequest.Parser, GetBulkStateResponse.Parser, static (s, r, c) => s.GetBulkState(r, c));
        Add(context, "SaveState", SaveStateRequest.Parser, Empty.Parser, static (s, r, c) => s.SaveState(r, c));
        Add(context, "DeleteState", DeleteStateRequest.Parser, Empty.Parser, static (s, r, c) => s.DeleteState(r, c));
        Add(context, "PublishEvent", PublishEventRequest.Parser, Empty.Parser, static (s, r, c) => s.PublishEvent(r, c));
        Add(context, "BulkPublishEventAlpha1", BulkPublishRequest.Parser, BulkPublishResponse.Parser, static (s, r, c) => s.BulkPublishEvent(r, c));
        if (daprd.Options.HasStableBulkPublish)
        {
            Add(context, "BulkPublishEvent", BulkPublishRequest.Parser, BulkPublishResponse.Parser, static (s, r, c) => s.BulkPublishEvent(r, c));
        }

        Add(context, "InvokeBinding", InvokeBindingRequest.Parser, InvokeBindingResponse.Parser, static (s, r, c) => s.InvokeBinding(r, c));
        Add(context, "Shutdown", ShutdownRequest.Parser, Empty.Parser, static (s, r, c) => s.Shutdown(r, c));
    }

    private static void Add<TRequest, TResponse>(
        ServiceMethodProviderContext<DaprGrpcService> context,
        string name,
        MessageParser<TRequest> requestParser,
        MessageParser<TResponse> responseParser,
        UnaryServerMethod<DaprGrpcService, TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        context.AddUnaryMethod(new Method<TRequest, TResponse>(MethodType.Unary, ServiceName, name, Marshal(requestParser), Marshal(responseParser)), [], handler);

    private static Marshaller<T> Marshal<T>(MessageParser<T> parser)
        where T : class, IMessage<T> =>
        Marshallers.Create<T>(
            static (message, context) =>
            {
                context.SetPayloadLength(message.CalculateSize());
                message.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
}

using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Reflection.V1;

namespace DaprPredictor.FakeDaprd.Grpc;

/// <summary>
/// gRPC server reflection, which daprd registers on its API server (dapr/dapr pkg/api/grpc/server.go,
/// <c>grpcReflection.Register</c>, 1.14–1.18). The SDK (1.19, Dapr.Common DaprRuntimeCapabilities) asks it which
/// methods of <c>dapr.proto.runtime.v1.Dapr</c> the runtime has before a version-dependent call such as
/// BulkPublishEvent, and falls back to the Alpha1 method when the stable one is missing. The descriptor served is
/// dapr.proto from Dapr.Protos, less the methods the reproduced Dapr version did not have yet.
/// </summary>
internal sealed class DaprReflectionService : ServerReflection.ServerReflectionBase
{
    private static readonly string[] Services = [DaprServiceMethods.ServiceName, ServerReflection.Descriptor.FullName];

    private readonly ByteString[] _files;

    public DaprReflectionService(Daprd daprd)
    {
        var dapr = DaprReflection.Descriptor.ToProto();
        if (!daprd.Options.HasStableBulkPublish)
        {
            var service = dapr.Service.Single(s => s.Name == "Dapr");
            foreach (var method in service.Method.Where(m => m.Name == "BulkPublishEvent").ToList()) service.Method.Remove(method);
        }

        _files = [dapr.ToByteString(), .. Dependencies(DaprReflection.Descriptor).Select(f => f.ToProto().ToByteString())];
    }

    public override async Task ServerReflectionInfo(IAsyncStreamReader<ServerReflectionRequest> requestStream, IServerStreamWriter<ServerReflectionResponse> responseStream, ServerCallContext context)
    {
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = requestStream.Current;
            var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
            switch (request.MessageRequestCase)
            {
                case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                    response.ListServicesResponse = new ListServiceResponse();
                    foreach (var name in Services) response.ListServicesResponse.Service.Add(new ServiceResponse { Name = name });
                    break;
                case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol when request.FileContainingSymbol.StartsWith(DaprServiceMethods.ServiceName, StringComparison.Ordinal):
                    response.FileDescriptorResponse = new FileDescriptorResponse();
                    response.FileDescriptorResponse.FileDescriptorProto.AddRange(_files);
                    break;
                default:
                    response.ErrorResponse = new ErrorResponse { ErrorCode = (int)StatusCode.NotFound, ErrorMessage = "symbol not found" };
                    break;
            }

            await responseStream.WriteAsync(response, context.CancellationToken);
        }
    }

    private static IEnumerable<FileDescriptor> Dependencies(FileDescriptor file)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<FileDescriptor>(file.Dependencies);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next.Name)) continue;
            yield return next;
            foreach (var dependency in next.Dependencies) pending.Push(dependency);
        }
    }
}

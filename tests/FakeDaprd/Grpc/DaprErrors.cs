using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using GrpcStatus = Grpc.Core.Status;
using RpcStatus = Google.Rpc.Status;

namespace DaprPredictor.FakeDaprd.Grpc;

/// <summary>
/// daprd's errors as it sends them: a gRPC status with the message, and the rich details of dapr/kit errors
/// (errors/errors.go: google.rpc.ErrorInfo with domain "dapr.io" and a reason, sometimes ResourceInfo or BadRequest) in
/// the <c>grpc-status-details-bin</c> trailer, which the SDK can read back (DaprException.TryGetExtendedErrorInfo).
/// Codes, messages and reasons: dapr/dapr v1.18.0 pkg/api/errors (state.go, pubsub.go, errors.go),
/// pkg/messages/predefined.go and pkg/messages/errorcodes/errorcodes.go.
/// </summary>
internal static class DaprErrors
{
    private const string Domain = "dapr.io";
    private const string DetailsTrailer = "grpc-status-details-bin";

    /// <summary>Universal.GetStateStore: no state store at all.</summary>
    public static RpcException StateStoreNotConfigured(string store) =>
        Build(StatusCode.FailedPrecondition, $"state store {store} is not configured", "DAPR_STATE_NOT_CONFIGURED");

    /// <summary>Universal.GetStateStore: a name no component has.</summary>
    public static RpcException StateStoreNotFound(string store) =>
        Build(StatusCode.InvalidArgument, $"state store {store} is not found", "DAPR_STATE_NOT_FOUND");

    /// <summary>state_config.go checkKeyIllegal, via GetModifiedStateKey, for every key of every state call.</summary>
    public static RpcException IllegalKey(string store, string key)
    {
        var message = $"input key/keyPrefix '{key}' can't contain '||'";
        return Build(
            StatusCode.InvalidArgument,
            message,
            "DAPR_STATE_ILLEGAL_KEY",
            before: [new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = key, Description = message } } }, Resource("state", store, "")]);
    }

    /// <summary>grpc.go GetState: a store error that is not a dapr/kit error.</summary>
    public static RpcException StateGet(string key, string store, string error) =>
        Basic(StatusCode.Internal, "ERR_STATE_GET", $"fail to get {key} from state store {store}: {error}");

    /// <summary>grpc.go SaveState: Aborted for an ETag mismatch, InvalidArgument for an invalid ETag, else Internal (getStateErrorCode).</summary>
    public static RpcException StateSave(StatusCode code, string store, string error) =>
        Basic(code, "ERR_STATE_SAVE", $"failed saving state in state store {store}: {error}");

    public static RpcException EmptyKey() => Basic(StatusCode.InvalidArgument, "ERR_STATE_SAVE", "state key cannot be empty");

    public static RpcException StateDelete(StatusCode code, string key, string error) =>
        Basic(code, "ERR_STATE_DELETE", $"failed deleting state with key {key}: {error}");

    public static RpcException PubSubNameEmpty() =>
        Build(StatusCode.InvalidArgument, "pubsub name is empty", "DAPR_PUBSUB_NAME_EMPTY", before: [Resource("pubsub", "", "pubsub name is empty")]);

    public static RpcException PubSubNotFound(string pubsub) =>
        Build(StatusCode.InvalidArgument, $"pubsub {pubsub} is not found", "DAPR_PUBSUB_NOT_FOUND");

    public static RpcException TopicEmpty(string pubsub)
    {
        var message = "topic is empty in pubsub " + pubsub;
        return Build(StatusCode.InvalidArgument, message, "DAPR_PUBSUB_TOPIC_NAME_EMPTY", before: [Resource("pubsub", pubsub, message)]);
    }

    /// <summary>grpc.go PublishEvent and bulkPublishEvent: the broker failed (a bulk publish fails whole if any entry failed).</summary>
    public static RpcException PublishMessage(string pubsub, string topic, string error)
    {
        var message = $"error when publishing to topic {topic} in pubsub {pubsub}: {error}";
        return Build(
            StatusCode.Internal,
            message,
            "DAPR_PUBSUB_PUBLISH_MESSAGE",
            new Dictionary<string, string> { ["topic"] = topic, ["error"] = error },
            before: [Resource("pubsub", pubsub, message)]);
    }

    /// <summary>grpc.go PublishEvent and bulkPublishEvent: NewCloudEvent failed (a content type of application/cloudevents+json that is not a JSON object).</summary>
    public static RpcException CloudEventCreation(string pubsub, string appId, string error) =>
        Build(
            StatusCode.InvalidArgument,
            "cannot create cloudevent",
            "DAPR_PUBSUB_CLOUD_EVENT_CREATION",
            new Dictionary<string, string> { ["appID"] = appId, ["error"] = error },
            before: [Resource("pubsub", pubsub, "cannot create cloudevent")]);

    public static RpcException BulkEntryIdInvalid(string pubsub, string topic, string appId)
    {
        var message = $"error marshaling events to bytes for topic {topic} pubsub {pubsub}. error: entryId is duplicated or not present for entry";
        return Build(
            StatusCode.InvalidArgument,
            message,
            "DAPR_PUBSUB_MARSHAL_EVENTS",
            new Dictionary<string, string> { ["appID"] = appId, ["error"] = "entryId is duplicated or not present for entry" },
            before: [Resource("pubsub", pubsub, message)]);
    }

    /// <summary>grpc.go InvokeBinding: any error of the binding, including "couldn't find output binding" for an unknown name.</summary>
    public static RpcException InvokeOutputBinding(string binding, string error) =>
        Basic(StatusCode.Internal, "ERR_INVOKE_OUTPUT_BINDING", $"error invoking output binding {binding}: {error}");

    /// <summary>pkg/api/errors/errors.go Basic: the legacy error code is the ErrorInfo reason.</summary>
    private static RpcException Basic(StatusCode code, string errorCode, string message) => Build(code, message, errorCode);

    private static ResourceInfo Resource(string type, string name, string description) =>
        new() { ResourceType = type, ResourceName = name, Owner = "", Description = description };

    private static RpcException Build(StatusCode code, string message, string reason, IDictionary<string, string>? metadata = null, IMessage[]? before = null)
    {
        var details = new RpcStatus { Code = (int)code, Message = message };
        foreach (var detail in before ?? []) details.Details.Add(Any.Pack(detail));
        var info = new ErrorInfo { Domain = Domain, Reason = reason };
        if (metadata is not null) info.Metadata.Add(metadata);
        details.Details.Add(Any.Pack(info));
        return new RpcException(new GrpcStatus(code, message), new Metadata { { DetailsTrailer, details.ToByteArray() } });
    }
}

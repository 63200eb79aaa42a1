namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>
/// The kinds of sidecar work an event causes, from the names the fake daprd counts its calls by (gRPC methods of
/// dapr.proto.runtime.v1.Dapr, the HTTP invoke route, deliveries to the app, invocations forwarded to the app).
/// A service invocation is two sidecar calls: "invoke" at the caller's sidecar and "CallLocal" at the callee's.
/// </summary>
internal static class SidecarCallKinds
{
    public const string Delivery = "delivery";
    public const string StateGet = "state get";
    public const string StateSave = "state save";
    public const string Invoke = "invoke";
    public const string Binding = "binding";
    public const string Publish = "publish";
    public const string Other = "other";

    /// <summary>In the order the reports list them.</summary>
    public static IReadOnlyList<string> All { get; } = [Delivery, StateGet, StateSave, Invoke, Binding, Publish];

    public static string Of(string call) => call switch
    {
        "Deliver" or "DeliverBulk" => Delivery,
        "GetState" or "GetBulkState" => StateGet,
        "SaveState" or "DeleteState" or "ExecuteStateTransaction" => StateSave,
        "invoke" or "CallLocal" => Invoke,
        "InvokeBinding" => Binding,
        "PublishEvent" or "BulkPublishEvent" or "BulkPublishEventAlpha1" => Publish,
        _ => Other, // healthz, ListSubscriptions, Shutdown: not per event
    };
}

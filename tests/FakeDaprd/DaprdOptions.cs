namespace DaprPredictor.FakeDaprd;

/// <summary>
/// What the fake sidecar was started with: the components it loaded (daprd answers calls naming any other component
/// with its not-found errors) and the Dapr version whose behaviour it reproduces where versions differ.
/// </summary>
public sealed class DaprdOptions
{
    /// <summary>The app id of the app this sidecar serves (daprd's <c>--app-id</c>); daprd names it in errors.</summary>
    public string AppId { get; init; } = "app";

    /// <summary>
    /// The Dapr runtime version reproduced. It decides: whether the stable <c>BulkPublishEvent</c> exists (Dapr 1.17+;
    /// before, only <c>BulkPublishEventAlpha1</c>), and how the invoke route turns the method path into the app's URL
    /// (Dapr 1.18 decodes it and cleans <c>..</c>; up to 1.17 the raw, still-encoded path is forwarded).
    /// </summary>
    public Version RuntimeVersion { get; init; } = new(1, 18);

    /// <summary>State store components (all behave as <c>state.redis</c>).</summary>
    public IReadOnlyCollection<string> StateStores { get; init; } = ["statestore"];

    /// <summary>Pub/sub components. Publishes are recorded; none is delivered to an app.</summary>
    public IReadOnlyCollection<string> PubSubs { get; init; } = ["pubsub"];

    /// <summary>Output binding components, answered by <see cref="Daprd.OnBinding"/>.</summary>
    public IReadOnlyCollection<string> Bindings { get; init; } = [];

    /// <summary>
    /// daprd's DAPR_API_TOKEN: when set, every gRPC call and every HTTP call but GET healthz must carry it in
    /// <c>dapr-api-token</c> (dapr/dapr pkg/api/grpc/auth.go: Unauthenticated; pkg/api/http/middlewares.go: 401).
    /// </summary>
    public string? ApiToken { get; init; }

    /// <summary>Whether this version has the stable BulkPublishEvent (dapr/dapr dapr/proto/runtime/v1/dapr.proto, from v1.17.0).</summary>
    public bool HasStableBulkPublish => RuntimeVersion >= new Version(1, 17);

    /// <summary>Whether the invoke route decodes and cleans the method path (dapr/dapr pkg/api/http/directmessaging.go, v1.18.0).</summary>
    public bool DecodesInvokePath => RuntimeVersion >= new Version(1, 18);
}

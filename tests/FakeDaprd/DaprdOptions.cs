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

    /// <summary>
    /// Pub/sub components (all behave as <c>pubsub.kafka</c>, on <see cref="Daprd.Broker"/>). Publishes are recorded
    /// and go to the broker, which delivers them to the apps subscribed through <see cref="Daprd.SubscribeAppAsync"/>.
    /// </summary>
    public IReadOnlyCollection<string> PubSubs { get; init; } = ["pubsub"];

    /// <summary>
    /// The inbound resiliency policy for deliveries to the app (<c>targets.components.pubsub.inbound</c>); by default
    /// the one DaprPredictor deploys (components/common/resiliency.yaml).
    /// </summary>
    public PubSub.DeliveryRetryPolicy InboundRetry { get; init; } = PubSub.DeliveryRetryPolicy.PageViewRedelivery;

    /// <summary>
    /// Retries of the state store's outbound resiliency policy (<c>targets.components.statestore.outbound</c>): a save's
    /// items that failed other than on their ETag are tried again this many times (pkg/components/state/bulk.go). By
    /// default DaprPredictor's: none (components/common/resiliency.yaml gives the state store a timeout and no retry,
    /// which Deployment.ResiliencyTests keeps so); 3 is a typical policy's, the one the project had before.
    /// </summary>
    public int StateRetries { get; init; }

    /// <summary>
    /// Retries of the pub/sub component's outbound resiliency policy for a bulk publish's failed entries
    /// (pkg/runtime/pubsub/bulkpublish_resiliency.go). By default DaprPredictor's (publish-retries: 3); 0 is no policy.
    /// </summary>
    public int PublishRetries { get; init; } = 3;

    /// <summary>
    /// daprd's <c>--max-body-size</c> (4 MiB by default, dapr/dapr cmd/daprd/options/options.go): its gRPC server
    /// refuses a request larger than this, and to send a response larger than this, with ResourceExhausted
    /// (pkg/api/grpc/server.go MaxRecvMsgSize, MaxSendMsgSize).
    /// </summary>
    public int MaxBodyBytes { get; init; } = 4 * 1024 * 1024;

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

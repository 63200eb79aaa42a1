namespace DaprPredictor.FakeDaprd.PubSub;

/// <summary>
/// One entry of the app's answer to <c>GET /dapr/subscribe</c> as daprd keeps it (dapr/dapr v1.18
/// pkg/runtime/pubsub/subscriptions.go GetSubscriptionsHTTP): the route is <c>routes.default</c> when given, else
/// <c>route</c>; member names are matched ignoring case (Go's encoding/json), so Dapr.AspNetCore's <c>pubsubName</c>
/// is daprd's <c>pubsubname</c>.
/// </summary>
/// <param name="BulkSubscribe">Set when <c>bulkSubscribe.enabled</c> is true: deliveries are batched.</param>
public sealed record Subscription(
    string PubSubName,
    string Topic,
    string Route,
    string? DeadLetterTopic,
    IReadOnlyDictionary<string, string> Metadata,
    BulkSubscribeOptions? BulkSubscribe);

namespace DaprPredictor.FakeDaprd;

/// <summary>
/// How a sidecar reaches an app (daprd's app channel, pkg/channel/http/http_channel.go): its address, and the
/// APP_API_TOKEN it sends as <c>dapr-api-token</c>.
/// </summary>
internal sealed record AppChannel(HttpClient Client, Uri BaseAddress, string? AppApiToken);

namespace DaprPredictor.FakeDaprd.PubSub;

/// <summary>
/// What one subscription of a sidecar did so far. A message (or bulk entry) the broker handed over ends
/// <see cref="Succeeded"/>, <see cref="Dropped"/> or <see cref="DeadLettered"/>, or is <see cref="HandedBack"/> to the
/// component, which hands it over again later (counted again in <see cref="Received"/>).
/// </summary>
/// <param name="Received">Messages (bulk: entries) the broker handed to daprd, component retries included.</param>
/// <param name="Deliveries">HTTP requests to the app (one per attempt; one per batch with bulk subscribe).</param>
/// <param name="Retries">Attempts the app did not acknowledge (RETRY, an unknown status, a non-2xx other than 404, no answer).</param>
/// <param name="Dropped">Dropped without a dead-letter topic: DROP or 404, or expired.</param>
/// <param name="DeadLettered">Forwarded to the dead-letter topic: DROP, 404, expired, unreadable, or retries exhausted.</param>
/// <param name="HandedBack">Handed back to the component: retries exhausted (or a drop) and no dead-letter topic took it.</param>
/// <param name="Backlog">Messages queued for this subscription or being delivered.</param>
public sealed record SubscriptionStats(
    string AppId,
    string PubSub,
    string Topic,
    string Route,
    bool Bulk,
    long Received,
    long Deliveries,
    long Succeeded,
    long Retries,
    long Dropped,
    long DeadLettered,
    long HandedBack,
    long ComponentRetries,
    long Backlog);

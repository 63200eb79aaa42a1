namespace DaprPredictor.FakeDaprd.PubSub;

/// <summary>
/// daprd's inbound resiliency policy for the pub/sub component (<c>targets.components.pubsub.inbound</c>): a timeout
/// per delivery and how often, how far apart, a delivery the app did not acknowledge is tried again before daprd gives
/// up on it (dapr/dapr pkg/runtime/subscription/subscription.go policyRunner; dapr/kit retry: constant or exponential
/// backoff). The fake waits the nominal intervals: dapr/kit adds a random factor of ±50 % to exponential ones.
/// </summary>
/// <param name="Multiplier">1 for a constant policy.</param>
/// <param name="Timeout">Per delivery; a delivery that takes longer counts as failed (retried).</param>
public sealed record DeliveryRetryPolicy(TimeSpan InitialInterval, double Multiplier, TimeSpan MaxInterval, int MaxRetries, TimeSpan? Timeout = null)
{
    /// <summary>No inbound policy: one delivery, then the dead-letter topic or the component's own retry.</summary>
    public static DeliveryRetryPolicy None { get; } = new(TimeSpan.Zero, 1, TimeSpan.Zero, 0);

    /// <summary>components/common/resiliency.yaml <c>page-view-redelivery</c> with <c>page-view-delivery</c>: exponential from 500 ms, ×1.5, at most 15 s apart, 10 retries; 10 s per delivery.</summary>
    public static DeliveryRetryPolicy PageViewRedelivery { get; } = new(TimeSpan.FromMilliseconds(500), 1.5, TimeSpan.FromSeconds(15), 10, TimeSpan.FromSeconds(10));

    public static DeliveryRetryPolicy Constant(TimeSpan interval, int maxRetries, TimeSpan? timeout = null) => new(interval, 1, interval, maxRetries, timeout);

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first retry).</summary>
    public TimeSpan Interval(int retry)
    {
        var nominal = InitialInterval.TotalMilliseconds * Math.Pow(Multiplier, retry - 1);
        return TimeSpan.FromMilliseconds(Math.Min(nominal, MaxInterval.TotalMilliseconds));
    }
}

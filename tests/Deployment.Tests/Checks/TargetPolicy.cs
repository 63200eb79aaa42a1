namespace DaprPredictor.Deployment.Tests.Checks;

/// <summary>One target's policies, resolved: per-attempt timeout, retries and the pause before each retry.</summary>
public sealed record TargetPolicy(TimeSpan? Timeout, string? RetryPolicy, TimeSpan RetryDuration, TimeSpan? MaxInterval, int? MaxRetries, string? CircuitBreaker)
{
    // Dapr's exponential backoff (dapr/kit retry): 500 ms, x1.5, each pause randomized by up to +-50 %.
    private static readonly TimeSpan ExponentialInitial = TimeSpan.FromMilliseconds(500);

    public int Attempts => 1 + Math.Max(0, MaxRetries ?? 0);

    /// <summary>The longest a caller can wait: every attempt times out, every pause is at its longest.</summary>
    public TimeSpan WorstCase(double jitter = 0)
    {
        var total = (Timeout ?? TimeSpan.Zero) * Attempts;
        var pause = RetryPolicy == "exponential" ? ExponentialInitial : RetryDuration;
        for (var retry = 0; retry < Attempts - 1; retry++)
        {
            var capped = MaxInterval is { } max && pause > max ? max : pause;
            total += capped * (1 + jitter);
            if (RetryPolicy == "exponential") pause *= 1.5;
        }

        return total;
    }
}

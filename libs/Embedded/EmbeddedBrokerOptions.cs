namespace DaprPredictor.Embedded;

public sealed class EmbeddedBrokerOptions
{
    public const string Section = "Broker";

    /// <summary>Page views are partitioned by user, like Kafka: one user's events are processed in order, users in parallel.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 256)]
    public int Partitions { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Messages queued per partition before publishers wait, until it drains to half (backpressure, never unbounded).
    /// Small: a queued message lives through the garbage collections that happen while it waits, so a long queue is
    /// promoted to older generations and collected there, at a far higher price (1,024 cost about 2 µs of CPU per event
    /// more than 64 in a replay); a publisher that waits is woken once per half a queue.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int Capacity { get; set; } = 64;

    /// <summary>
    /// How much older than the newest fed event a message may be (a redelivery, a straggler) and still find state that
    /// expired in the meantime: state is swept only this far behind the low watermark. A message later than that may
    /// find its window gone, exactly as a wall-clock TTL would do to a late redelivery in production.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxLateness { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Deliveries of one message before it is dead-lettered as retries-exhausted.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;
}

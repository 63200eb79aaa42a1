namespace DaprPredictor.Pipeline.Predictions;

/// <summary>Every delivery ends in exactly one of these; the counts add up to <see cref="Received"/> once nothing is in flight.</summary>
public sealed record PipelineCounts(
    long Received,
    long Scored,
    long Duplicates,
    IReadOnlyDictionary<string, long> DeadLettered,
    IReadOnlyDictionary<string, long> RejectedRequests,
    long Retried,
    long Degraded,
    long StateConflicts)
{
    /// <summary>Broker messages that could not be scored, dead-lettered with their reason.</summary>
    public long DeadLetteredTotal => DeadLettered.Values.Sum();

    /// <summary>Requests (<c>POST /predict</c>) that could not be scored, answered 400 with their reason; nothing is dead-lettered.</summary>
    public long RejectedRequestsTotal => RejectedRequests.Values.Sum();

    public long Settled => Scored + Duplicates + DeadLetteredTotal + RejectedRequestsTotal + Retried;
}

namespace DaprPredictor.Pipeline.Predictions;

/// <summary>Every delivery ends in exactly one of these; the counts add up to <see cref="Received"/> once nothing is in flight.</summary>
public sealed record PipelineCounts(
    long Received,
    long Scored,
    long Duplicates,
    IReadOnlyDictionary<string, long> DeadLettered,
    long Retried,
    long Degraded,
    long StateConflicts)
{
    public long DeadLetteredTotal => DeadLettered.Values.Sum();

    public long Settled => Scored + Duplicates + DeadLetteredTotal + Retried;
}

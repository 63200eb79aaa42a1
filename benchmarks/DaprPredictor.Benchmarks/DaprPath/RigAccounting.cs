namespace DaprPredictor.Benchmarks.DaprPath;

/// <param name="Published">Page views published (every publish the sidecar acknowledged).</param>
/// <param name="Fates">How the feature extractor ended them, from its /metrics.</param>
/// <param name="Predictions">Predictions the rig's app received (at least once: an ETag conflict can publish one twice).</param>
/// <param name="DeadLetters">Our dead letters the rig's app received, one per rejected event.</param>
/// <param name="Redelivered">Page views the sidecar delivered again after a delivery it counted as failed (see <see cref="SidecarCounters"/>).</param>
internal sealed record RigAccounting(PipelineMode Mode, long Published, PipelineCounters Fates, long Predictions, long DeadLetters, long Redelivered)
{
    /// <summary>
    /// Every published event ended scored, rejected (dead-lettered) or as a duplicate, and the consumer saw each end. A
    /// delivery daprd gave up waiting for may still have been handled, so a redelivered event can end a second time
    /// (as a duplicate): the fates may exceed what was published by at most the redeliveries.
    /// </summary>
    public bool AccountedFor =>
        Fates.Settled >= Published - 0.5 && Fates.Settled <= Published + Redelivered + 0.5
        && Predictions >= Fates.Scored && Math.Abs(DeadLetters - Fates.Rejected) < 0.5;

    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Mode.Name}: {Published:N0} published = {Fates.Scored:N0} scored + {Fates.Duplicates:N0} duplicates + {Fates.Rejected:N0} rejected ({Fates.Retried:N0} deliveries retried by the app, {Redelivered:N0} page views redelivered by the sidecar); the rig received {Predictions:N0} predictions and {DeadLetters:N0} dead letters: {(AccountedFor ? "accounted for" : "NOT accounted for")}.");
}

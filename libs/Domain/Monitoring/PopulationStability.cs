namespace DaprPredictor.Domain.Monitoring;

/// <summary>
/// Population stability index, Σ (observed − expected) · ln(observed / expected) over bins. Shares are floored at
/// <see cref="Floor"/> so an empty bin costs much but not infinity. The usual reading: below 0.1 stable, 0.1–0.25 a
/// shift worth a look, above 0.25 a population the model was not trained on.
/// </summary>
public static class PopulationStability
{
    public const double Floor = 1e-4;

    public static double Index(IReadOnlyList<double> expected, ReadOnlySpan<long> observedCounts)
    {
        if (expected.Count != observedCounts.Length) throw new ArgumentException("One observed count per expected bin is needed.", nameof(observedCounts));
        long total = 0;
        foreach (var c in observedCounts) total += c;
        if (total == 0) return 0;
        var psi = 0.0;
        for (var i = 0; i < observedCounts.Length; i++)
        {
            var e = Math.Max(expected[i], Floor);
            var o = Math.Max((double)observedCounts[i] / total, Floor);
            psi += (o - e) * Math.Log(o / e);
        }

        return psi;
    }
}

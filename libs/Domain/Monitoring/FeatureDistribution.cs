namespace DaprPredictor.Domain.Monitoring;

/// <summary>
/// How one feature group was distributed in the training rows, stored in the model card so serving can measure drift
/// against it. A page group has one bin per slot (the hot one); a numeric feature has bins bounded by
/// <see cref="UpperEdges"/> (a value at most edge i falls in bin i, a larger one in the last bin).
/// </summary>
public sealed record FeatureDistribution(string Feature, IReadOnlyList<double> UpperEdges, IReadOnlyList<double> Proportions)
{
    /// <summary>Deciles at most: the bins of a discrete feature merge where quantiles coincide.</summary>
    public const int MaxNumericBins = 10;

    public int Bins => Proportions.Count;

    public static IReadOnlyList<FeatureDistribution> OfAll(IReadOnlyList<float[]> vectors) =>
        FeatureGroups.All.Select(g => Of(g, vectors)).ToArray();

    public static FeatureDistribution Of(FeatureGroup group, IReadOnlyList<float[]> vectors)
    {
        if (vectors.Count == 0) throw new ArgumentException("A distribution needs at least one vector.", nameof(vectors));
        double[] edges = group.IsCategorical ? [] : Deciles(vectors.Select(v => (double)v[group.FirstSlot]).ToArray());
        var shell = new FeatureDistribution(group.Name, edges, new double[group.IsCategorical ? group.SlotCount : edges.Length + 1]);
        var counts = new long[shell.Bins];
        foreach (var vector in vectors) counts[shell.Bin(group, vector)]++;
        return shell with { Proportions = counts.Select(c => (double)c / vectors.Count).ToArray() };
    }

    public int Bin(FeatureGroup group, ReadOnlySpan<float> vector) => Bin(group, UpperEdges as double[] ?? [.. UpperEdges], vector);

    /// <summary>
    /// <see cref="Bin(FeatureGroup, ReadOnlySpan{float})"/> with this distribution's <see cref="UpperEdges"/> given as a
    /// span: a serving window that bins every scored vector keeps them as an array, without an interface call per edge.
    /// </summary>
    public static int Bin(FeatureGroup group, ReadOnlySpan<double> upperEdges, ReadOnlySpan<float> vector)
    {
        if (group.IsCategorical)
        {
            var slots = vector.Slice(group.FirstSlot, group.SlotCount);
            var hot = 0;
            for (var i = 1; i < slots.Length; i++)
            {
                if (slots[i] > slots[hot]) hot = i;
            }

            return hot;
        }

        var value = vector[group.FirstSlot];
        for (var i = 0; i < upperEdges.Length; i++)
        {
            if (value <= upperEdges[i]) return i;
        }

        return upperEdges.Length;
    }

    private static double[] Deciles(double[] values)
    {
        Array.Sort(values);
        var edges = new SortedSet<double>();
        for (var q = 1; q < MaxNumericBins; q++) edges.Add(values[(int)((long)q * (values.Length - 1) / MaxNumericBins)]);
        edges.Remove(values[^1]); // an edge at the maximum would leave its upper bin empty in training
        return [.. edges];
    }
}

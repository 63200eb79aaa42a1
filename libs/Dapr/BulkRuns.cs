namespace DaprPredictor.Dapr;

/// <summary>Splits a bulk call's items into consecutive runs, each sent as one request the sidecar accepts (<see cref="DaprOptions.MaxBulkRequestBytes"/>).</summary>
internal static class BulkRuns
{
    /// <summary>
    /// Consecutive runs, in order, whose sizes add up to at most <paramref name="budget"/>. An item larger than the
    /// budget is a run of its own: daprd then refuses that item alone, not its neighbours.
    /// </summary>
    public static List<Range> Of(IReadOnlyList<int> sizes, int budget)
    {
        var runs = new List<Range>();
        var (start, total) = (0, 0L);
        for (var i = 0; i < sizes.Count; i++)
        {
            if (i > start && total + sizes[i] > budget)
            {
                runs.Add(start..i);
                (start, total) = (i, 0);
            }

            total += sizes[i];
        }

        if (sizes.Count > start) runs.Add(start..sizes.Count);
        return runs;
    }
}

using DaprPredictor.Domain.Events;

namespace DaprPredictor.Domain.Features;

/// <summary>
/// The one feature-vector layout shared by training and serving. Any change to names, order or meaning
/// bumps <see cref="Version"/>; the scorer refuses vectors and models of another version.
/// </summary>
public static class FeatureSchema
{
    public const int Version = 1;

    /// <summary>9 + 10 + 10 + 9 one-hot page slots, 9 page counts, 4 session numbers, 4 offline numbers.</summary>
    public const int Length = 55;

    public static IReadOnlyList<string> Names { get; } = BuildNames();

    private static string[] BuildNames()
    {
        var names = new List<string>(Length);
        names.AddRange(PageTypes.All.Select(p => $"last_page_{PageTypes.Name(p)}"));
        names.AddRange(PageTypes.All.Select(p => $"second_last_page_{PageTypes.Name(p)}"));
        names.Add("second_last_page_none");
        names.AddRange(PageTypes.All.Select(p => $"third_last_page_{PageTypes.Name(p)}"));
        names.Add("third_last_page_none");
        names.AddRange(PageTypes.All.Select(p => $"entry_page_{PageTypes.Name(p)}"));
        names.AddRange(PageTypes.All.Select(p => $"count_{PageTypes.Name(p)}"));
        names.AddRange(["session_events", "session_seconds", "seconds_since_previous", "mean_viewed_price"]);
        names.AddRange(["purchase_count", "total_spend", "mean_last_three_purchases", "days_since_last_purchase"]);
        return [.. names];
    }
}

/// <summary>Assembles the vector: the only place that knows the slot of each feature.</summary>
public static class FeatureVector
{
    public static float[] Assemble(RealtimeFeatures realtime, OfflineFeatures offline)
    {
        var values = new float[FeatureSchema.Length];
        Assemble(realtime, offline, values);
        return values;
    }

    public static void Assemble(RealtimeFeatures realtime, OfflineFeatures offline, Span<float> values)
    {
        if (values.Length != FeatureSchema.Length) throw new ArgumentException($"A vector has {FeatureSchema.Length} slots.", nameof(values));
        values.Clear();
        const int pages = PageTypes.Count;
        var at = 0;
        values[at + (int)realtime.LastPage] = 1;
        at += pages;
        values[at + (realtime.SecondLastPage is { } second ? (int)second : pages)] = 1;
        at += pages + 1;
        values[at + (realtime.ThirdLastPage is { } third ? (int)third : pages)] = 1;
        at += pages + 1;
        values[at + (int)realtime.EntryPage] = 1;
        at += pages;
        for (var i = 0; i < pages; i++) values[at + i] = realtime.PageCounts[i];
        at += pages;
        values[at++] = realtime.SessionEvents;
        values[at++] = (float)realtime.SessionSeconds;
        values[at++] = (float)realtime.SecondsSincePrevious;
        values[at++] = (float)realtime.MeanViewedPrice;
        values[at++] = offline.PurchaseCount;
        values[at++] = (float)offline.TotalSpend;
        values[at++] = (float)offline.MeanLastThree;
        values[at] = (float)offline.DaysSinceLastPurchase;
    }

    /// <summary>Why a vector cannot be scored, or null when it can.</summary>
    public static string? Problem(int schemaVersion, ReadOnlySpan<float> values)
    {
        if (schemaVersion != FeatureSchema.Version)
        {
            return $"featureSchemaVersion {schemaVersion} is not supported; this model expects version {FeatureSchema.Version}.";
        }

        if (values.Length != FeatureSchema.Length)
        {
            return $"a version {FeatureSchema.Version} vector has {FeatureSchema.Length} values, got {values.Length}.";
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) return $"value {i} ({FeatureSchema.Names[i]}) is not a finite number.";
        }

        return null;
    }
}

using DaprPredictor.Domain.Events;

namespace DaprPredictor.Domain.Features;

/// <summary>Assembles the vector: the only place that knows the slot of each feature.</summary>
public static class FeatureVector
{
    public static float[] Assemble(in RealtimeFeatures realtime, PurchaseFeatures offline)
    {
        var values = new float[FeatureSchema.Length];
        Assemble(realtime, offline, values);
        return values;
    }

    public static void Assemble(in RealtimeFeatures realtime, PurchaseFeatures offline, Span<float> values)
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

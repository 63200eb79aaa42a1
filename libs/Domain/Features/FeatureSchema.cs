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

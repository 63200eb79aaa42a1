using DaprPredictor.Domain.Features;

namespace DaprPredictor.Domain.Monitoring;

/// <summary>The feature schema's slots grouped for drift monitoring: the four page one-hots, then every numeric slot on its own.</summary>
public static class FeatureGroups
{
    private static readonly string[] OneHotPrefixes = ["last_page_", "second_last_page_", "third_last_page_", "entry_page_"];

    public static IReadOnlyList<FeatureGroup> All { get; } = Build();

    public static FeatureGroup? Find(string name)
    {
        foreach (var group in All)
        {
            if (group.Name == name) return group;
        }

        return null;
    }

    private static FeatureGroup[] Build()
    {
        var names = FeatureSchema.Names;
        var groups = new List<FeatureGroup>();
        var slot = 0;
        while (slot < names.Count)
        {
            var prefix = OneHotPrefixes.FirstOrDefault(p => names[slot].StartsWith(p, StringComparison.Ordinal));
            if (prefix is null)
            {
                groups.Add(new FeatureGroup(names[slot], slot, 1));
                slot++;
                continue;
            }

            var first = slot;
            while (slot < names.Count && names[slot].StartsWith(prefix, StringComparison.Ordinal)) slot++;
            groups.Add(new FeatureGroup(prefix.TrimEnd('_'), first, slot - first));
        }

        return [.. groups];
    }
}

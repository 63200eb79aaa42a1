using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Outcomes;

namespace DaprPredictor.Simulator.Streams;

/// <summary>
/// Puts the shop's purchases between its page views in time order, as the shop would emit them, so that live grading
/// in the feature extractor sees each session's outcome. A purchase is sent before a page view of the same instant.
/// Purchases before the first page view label nothing and are left out; after the last page view, those within the
/// attribution window (<see cref="PurchaseAttribution.DefaultWindow"/>) still label its sessions and are sent, later ones
/// are left out (so a run cut by --limit does not publish the rest of the history).
/// </summary>
public static class PurchaseInterleave
{
    /// <param name="pageViews">In time order, already rebased.</param>
    /// <param name="offset">The rebase applied to the page views, applied here to the purchases too.</param>
    public static IEnumerable<ClickEvent> Merge(IEnumerable<ClickEvent> pageViews, IEnumerable<PurchaseRecord> purchases, TimeSpan offset)
    {
        var ordered = purchases.Select(p => p with { PurchasedAt = p.PurchasedAt + offset }).OrderBy(p => p.PurchasedAt).ToArray();
        var next = 0;
        DateTimeOffset? latest = null;
        foreach (var view in pageViews)
        {
            if (view.Timestamp is { } at)
            {
                if (latest is null)
                {
                    while (next < ordered.Length && ordered[next].PurchasedAt < at) next++;
                }

                while (next < ordered.Length && ordered[next].PurchasedAt <= at) yield return ClickEventReader.FromPurchase(ordered[next++]);
                if (latest is null || at > latest) latest = at;
            }

            yield return view;
        }

        if (latest is not { } end) yield break;
        while (next < ordered.Length && ordered[next].PurchasedAt <= end + PurchaseAttribution.DefaultWindow) yield return ClickEventReader.FromPurchase(ordered[next++]);
    }
}

using DaprPredictor.Domain.Features;
using DaprPredictor.Synthetic;

namespace DaprPredictor.Simulator.Streams;

/// <summary>A clickstream from the synthetic shop (libs/Synthetic), in event-time order, with the shop's purchases.</summary>
public sealed record SyntheticClickstream(IReadOnlyList<ClickEvent> PageViews, IReadOnlyList<PurchaseRecord> Purchases)
{
    public static SyntheticClickstream Generate(int users, int seed, int days)
    {
        var shop = SyntheticGenerator.Generate(new SyntheticOptions { Users = users, Seed = seed, ClickstreamDays = days });
        return new SyntheticClickstream([.. shop.Clickstream().Select(ClickEventReader.FromEvent)], shop.Purchases);
    }
}

using DaprPredictor.Synthetic;

namespace DaprPredictor.Simulator.Streams;

/// <summary>A clickstream from the synthetic shop (libs/Synthetic), in event-time order.</summary>
public static class SyntheticClickstream
{
    public static IReadOnlyList<ClickEvent> Generate(int users, int seed, int days) =>
        SyntheticGenerator.Generate(new SyntheticOptions { Users = users, Seed = seed, ClickstreamDays = days })
            .Clickstream()
            .Select(ClickEventReader.FromEvent)
            .ToList();
}

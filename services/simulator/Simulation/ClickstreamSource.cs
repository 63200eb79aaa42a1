using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Simulator.Streams;

namespace DaprPredictor.Simulator.Simulation;

/// <summary>
/// The stream a run publishes: page views read or generated, rebased when asked, cut to the limit, with the shop's
/// purchases of the same period between them (unless turned off).
/// </summary>
public sealed record ClickstreamSource(IEnumerable<ClickEvent> Events, TimestampRebase Rebase, string Description)
{
    /// <summary>Where a recorded stream's purchases are looked for when no file is named: training and the importers write it beside the events.</summary>
    public const string PurchasesFileName = "purchases.jsonl";

    public static ClickstreamSource Open(SimulationOptions options, DateTimeOffset now)
    {
        IEnumerable<ClickEvent> events;
        IEnumerable<PurchaseRecord> purchases = [];
        string description;
        DateTimeOffset? latest = null;
        if (options.SyntheticUsers is { } users)
        {
            var generated = SyntheticClickstream.Generate(users, options.Seed, options.SyntheticDays);
            events = generated.PageViews;
            if (options.SendPurchases) purchases = generated.Purchases;
            description = $"{generated.PageViews.Count:N0} synthetic page views of {users:N0} users (seed {options.Seed})";
            if (options.Rebase) latest = ClickEventReader.Latest(generated.PageViews);
        }
        else
        {
            var path = options.File ?? SimulationOptions.DefaultFile;
            if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"No clickstream at {Path.GetFullPath(path)}: train first (docs/deployment.md) or pass --file / --synthetic.", path);
            events = ClickEventReader.ReadFile(path);
            description = Path.GetFullPath(path);
            // A first pass finds the latest time, so the file is streamed rather than held in memory.
            if (options.Rebase) latest = ClickEventReader.Latest(events);
            if (options.SendPurchases && PurchasesFile(options, path) is { } purchasesPath)
            {
                purchases = JsonLines.ReadPurchases(purchasesPath);
                description += $", purchases from {Path.GetFullPath(purchasesPath)}";
            }
        }

        var rebase = options.Rebase ? TimestampRebase.EndingAt(latest, now) : TimestampRebase.None;
        var pageViews = events.Select(rebase.Apply);
        if (options.Limit is { } limit) pageViews = pageViews.Take((int)Math.Min(limit, int.MaxValue));
        return new ClickstreamSource(PurchaseInterleave.Merge(pageViews, purchases, rebase.Offset), rebase, description);
    }

    private static string? PurchasesFile(SimulationOptions options, string eventsPath)
    {
        if (options.PurchasesFile is { } named)
        {
            return System.IO.File.Exists(named) ? named : throw new FileNotFoundException($"No purchases at {Path.GetFullPath(named)}.", named);
        }

        var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(eventsPath))!, PurchasesFileName);
        return System.IO.File.Exists(beside) ? beside : null;
    }
}

using DaprPredictor.Simulator.Streams;

namespace DaprPredictor.Simulator.Simulation;

/// <summary>The stream a run publishes: read or generated, rebased when asked, cut to the limit.</summary>
public sealed record ClickstreamSource(IEnumerable<ClickEvent> Events, TimestampRebase Rebase, string Description)
{
    public static ClickstreamSource Open(SimulationOptions options, DateTimeOffset now)
    {
        IEnumerable<ClickEvent> events;
        string description;
        DateTimeOffset? latest = null;
        if (options.SyntheticUsers is { } users)
        {
            var generated = SyntheticClickstream.Generate(users, options.Seed, options.SyntheticDays);
            events = generated;
            description = $"{generated.Count:N0} synthetic page views of {users:N0} users (seed {options.Seed})";
            if (options.Rebase) latest = ClickEventReader.Latest(generated);
        }
        else
        {
            var path = options.File ?? SimulationOptions.DefaultFile;
            if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"No clickstream at {Path.GetFullPath(path)}: train first (docs/deployment.md) or pass --file / --synthetic.", path);
            events = ClickEventReader.ReadFile(path);
            description = Path.GetFullPath(path);
            // A first pass finds the latest time, so the file is streamed rather than held in memory.
            if (options.Rebase) latest = ClickEventReader.Latest(events);
        }

        var rebase = options.Rebase ? TimestampRebase.EndingAt(latest, now) : TimestampRebase.None;
        var rebased = events.Select(rebase.Apply);
        return new ClickstreamSource(options.Limit is { } limit ? rebased.Take((int)Math.Min(limit, int.MaxValue)) : rebased, rebase, description);
    }
}

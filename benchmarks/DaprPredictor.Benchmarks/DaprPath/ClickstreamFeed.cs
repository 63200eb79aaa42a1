using System.Text;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Synthetic;

namespace DaprPredictor.Benchmarks.DaprPath;

/// <summary>
/// The page views a run publishes, as the simulator's <c>--synthetic N --seed 42 --days 1 --rebase</c> makes them: one
/// visit each of N users of the synthetic shop training used (seed 42, so their purchase history is the offline store
/// training seeded), with the shop's noise (about 1 % redelivered, 0.5 % broken), in event-time order, moved in time so
/// that the last one happens now (the feature extractor rejects events older than 7 days). The partition key is the
/// user id (or, for a broken event without one, the simulator's "(no user id)").
/// </summary>
internal sealed class ClickstreamFeed
{
    public const string UnknownUser = "(no user id)";

    private ClickstreamFeed(byte[][] payloads, string[] keys, string?[] eventIds)
    {
        (Payloads, Keys, EventIds) = (payloads, keys, eventIds);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        First = [.. eventIds.Select(id => id is null || seen.Add(id))];
    }

    public byte[][] Payloads { get; }

    public string[] Keys { get; }

    public string?[] EventIds { get; }

    /// <summary>False for a redelivery (an event id seen earlier in the feed): its fate is "duplicate", with nothing published.</summary>
    public bool[] First { get; }

    public int Count => Payloads.Length;

    /// <summary>About 4.8 page views per synthetic visit; enough users for <paramref name="events"/>.</summary>
    public static ClickstreamFeed Generate(int events, int seed, DateTimeOffset endAt, NoiseOptions noise)
    {
        var users = (int)Math.Ceiling(events / 4.5) + 100;
        var shop = SyntheticGenerator.Generate(new SyntheticOptions { Users = users, Seed = seed, ClickstreamDays = 1 });
        var stream = StreamNoise.Inject(shop.Clickstream(), noise, seed).Take(events).ToArray();
        var latest = stream.Select(e => Rfc3339.TryParse(e.Timestamp, out var at) ? at : DateTimeOffset.MinValue).Max();
        var offset = TimeSpan.FromMilliseconds(Math.Floor((endAt - latest).TotalMilliseconds));
        var moved = stream.Select(e => Rfc3339.TryParse(e.Timestamp, out var at) ? e with { Timestamp = Rfc3339.Format(at + offset) } : e).ToArray();
        return new ClickstreamFeed(
            [.. moved.Select(e => Encoding.UTF8.GetBytes(PageViewJson.Serialize(e)))],
            [.. moved.Select(e => string.IsNullOrEmpty(e.UserId) ? UnknownUser : e.UserId)],
            [.. moved.Select(e => e.EventId)]);
    }
}

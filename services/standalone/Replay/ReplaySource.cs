using System.Text;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Embedded;
using DaprPredictor.Synthetic;

namespace DaprPredictor.Standalone.Replay;

/// <summary>A clickstream to replay: its messages in event-time order, the purchases it needs, and its ground truth if known.</summary>
public sealed record ReplaySource(
    string Description,
    int Count,
    IEnumerable<PageViewMessage> Messages,
    IReadOnlyList<PurchaseRecord>? Purchases,
    string? PurchasesSource,
    IReadOnlyDictionary<string, Truth>? Truth)
{
    /// <summary>Average page views per synthetic visit is about 4.8; a little headroom so the stream is long enough.</summary>
    private const double EventsPerUser = 4.5;

    /// <summary>
    /// A fresh synthetic shop (users the model has not seen, from the same world) with its own purchase history,
    /// plus redeliveries and broken events, cut to <paramref name="events"/> deliveries.
    /// </summary>
    public static ReplaySource Synthetic(int events, int seed, NoiseOptions noise, IProgress<double>? progress = null)
    {
        var users = (int)Math.Ceiling(events / EventsPerUser) + 100;
        var data = SyntheticGenerator.Generate(new SyntheticOptions { Users = users, Seed = seed }, progress);
        return Synthetic([data], noise, seed, events, $"synthetic clickstream (seed {seed}, {users:N0} new users, {noise.DuplicateRate:P1} redelivered, {noise.InvalidRate:P1} broken)");
    }

    /// <summary>Generated shops replayed as one stream in event-time order (e.g. a second population after the first, for drift).</summary>
    public static ReplaySource Synthetic(IReadOnlyList<SyntheticDataset> parts, NoiseOptions noise, int seed, int? limit, string description)
    {
        var truth = new Dictionary<string, Truth>(StringComparer.Ordinal);
        foreach (var session in parts.SelectMany(p => p.Sessions))
        {
            for (var i = 0; i < session.Events.Length; i++) truth[session.Events[i].EventId!] = new Truth(session.Purchased, session.OracleProbabilities[i]);
        }

        var clickstream = parts.Count == 1 ? parts[0].Clickstream() : parts.SelectMany(p => p.Clickstream()).OrderBy(e => Time(e.Timestamp));
        var stream = StreamNoise.Inject(clickstream, noise, seed).Take(limit ?? int.MaxValue).ToList();
        var purchases = parts.SelectMany(p => p.Purchases).ToArray();
        return new ReplaySource(
            description,
            stream.Count,
            stream.Select(ToMessage),
            purchases,
            $"the synthetic shop's own history ({purchases.Length:N0} purchases)",
            truth);
    }

    /// <summary>A recorded clickstream (JSON Lines, e.g. training's heldout-events.jsonl), with heldout-labels.jsonl beside it if present.</summary>
    public static ReplaySource FromFile(string path, string? purchasesPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var purchases = purchasesPath ?? Path.Combine(directory, "purchases.jsonl");
        var labels = Path.Combine(directory, "heldout-labels.jsonl");
        var truth = File.Exists(labels)
            ? JsonLines.ReadLines(labels).Select(l => JsonSerializer.Deserialize(l, ContractsJsonContext.Default.HeldOutLabel)!)
                .ToDictionary(l => l.EventId, l => new Truth(l.Label, l.Oracle), StringComparer.Ordinal)
            : null;
        return new ReplaySource(
            $"recorded clickstream {path}",
            JsonLines.ReadLines(path).Count(),
            JsonLines.ReadLines(path).Select(line => FromLine(Encoding.UTF8.GetBytes(line))),
            File.Exists(purchases) ? JsonLines.ReadPurchases(purchases) : null,
            File.Exists(purchases) ? purchases : null,
            truth);
    }

    /// <summary>The bytes a broker would carry, keyed and timed as the publisher would have done.</summary>
    private static PageViewMessage ToMessage(PageViewEvent e) =>
        new(JsonSerializer.SerializeToUtf8Bytes(e, ContractsJsonContext.Default.PageViewEvent), null, Time(e.Timestamp), e.UserId ?? e.EventId ?? string.Empty);

    /// <summary>
    /// A recorded line is read once here for its key and time (as a publisher would); the pipeline reads the bytes again,
    /// so a broken line is dead-lettered exactly as a broken message would be.
    /// </summary>
    private static PageViewMessage FromLine(byte[] line) =>
        PageViewJson.TryParse(line, out var e, out _)
            ? new PageViewMessage(line, null, Time(e!.Timestamp), e.UserId ?? e.EventId ?? string.Empty)
            : new PageViewMessage(line, null, null, string.Empty);

    private static DateTimeOffset? Time(string? timestamp) => Rfc3339.TryParse(timestamp, out var at) ? at : null;
}

using System.Text;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Embedded;
using DaprPredictor.Synthetic;

namespace DaprPredictor.Standalone.Replay;

/// <summary>
/// A clickstream to replay: its feed (page views in event-time order, each with its ground truth as context when known,
/// and the purchases that label them for live grading, each placed where the stream reaches its time), and the offline
/// store it needs: a loaded purchase list, or a streamed synthetic shop that generates a user's history when asked
/// (its <see cref="Purchases"/> are then generated only if read: every user's history at once, for small streams and tests).
/// </summary>
public sealed record ReplaySource(
    string Description,
    int Count,
    IEnumerable<ReplayItem> Items,
    IReadOnlyList<PurchaseRecord>? Purchases,
    string? PurchasesSource,
    IReadOnlyDictionary<string, Truth>? Truth,
    SyntheticShop? Shop = null)
{
    /// <summary>Average page views per synthetic visit is about 4.8; a little headroom so the stream is long enough.</summary>
    private const double EventsPerUser = 4.5;

    /// <summary>The page views of the feed.</summary>
    public IEnumerable<PageViewMessage> Messages => Items.Where(i => i.Message is not null).Select(i => i.Message!);

    /// <summary>
    /// A fresh synthetic shop (users the model has not seen, from the same world) with its own purchase history, plus
    /// redeliveries and broken events, cut to <paramref name="events"/> deliveries. Streamed: generated into a spool file
    /// (not timed) and read back from it, so memory does not grow with <paramref name="events"/>.
    /// </summary>
    public static ReplaySource Synthetic(int events, int seed, NoiseOptions noise)
    {
        var users = (int)Math.Ceiling(events / EventsPerUser) + 100;
        var shop = SyntheticShop.Plan(new SyntheticOptions { Users = users, Seed = seed });
        var purchases = new PriorityQueue<PurchaseRecord, (DateTimeOffset, long)>();
        var clean = shop.Clickstream(p => purchases.Enqueue(p, (p.PurchasedAt, p.PurchaseId)))
            .Select(e => (e.Event, new Truth(e.Purchased, e.Oracle)));
        var noisy = StreamNoise.Inject(clean, noise, seed).GetEnumerator();

        // The cut ends the page views; the rest of the shop is still generated for the purchases that label them.
        var feed = Interleave(Cut(noisy, events).Select(x => ToMessage(x.Event, x.Tag)), purchases, finish: () => { while (noisy.MoveNext()) { } });
        var spool = ReplaySpool.Write(feed.Select(item => (item, item.Message?.Context as Truth?)));
        return new ReplaySource(
            $"synthetic clickstream (seed {seed}, {users:N0} new users, {noise.DuplicateRate:P1} redelivered, {noise.InvalidRate:P1} broken)",
            spool.Messages,
            spool.Read(),
            new LazyList<PurchaseRecord>(shop.History),
            $"the synthetic shop's own history ({shop.HistoryPurchases:N0} purchases, generated per user when asked)",
            null,
            shop);
    }

    /// <summary>Generated shops replayed as one stream in event-time order (e.g. a second population after the first, for drift); held in memory.</summary>
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
            Replayable(() => Interleave(stream.Select(e => ToMessage(e, e.EventId is { } id && truth.TryGetValue(id, out var t) ? t : null)), Ordered(purchases))),
            purchases,
            $"the synthetic shop's own history ({purchases.Length:N0} purchases)",
            truth);
    }

    /// <summary>A recorded clickstream (JSON Lines, e.g. training's heldout-events.jsonl), with heldout-labels.jsonl beside it if present.</summary>
    public static ReplaySource FromFile(string path, string? purchasesPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var purchasesFile = purchasesPath ?? Path.Combine(directory, "purchases.jsonl");
        var labels = Path.Combine(directory, "heldout-labels.jsonl");
        var truth = File.Exists(labels)
            ? JsonLines.ReadLines(labels).Select(l => JsonSerializer.Deserialize(l, ContractsJsonContext.Default.HeldOutLabel)!)
                .ToDictionary(l => l.EventId, l => new Truth(l.Label, l.Oracle), StringComparer.Ordinal)
            : null;
        var purchases = File.Exists(purchasesFile) ? JsonLines.ReadPurchases(purchasesFile) : null;
        return new ReplaySource(
            $"recorded clickstream {path}",
            JsonLines.ReadLines(path).Count(),
            Replayable(() => Interleave(JsonLines.ReadLines(path).Select(line => FromLine(Encoding.UTF8.GetBytes(line), truth)), Ordered(purchases ?? []))),
            purchases,
            purchases is null ? null : purchasesFile,
            truth);
    }

    /// <summary>Loads the offline store this stream needs, if it brings one.</summary>
    public void LoadOfflineStore(EmbeddedPurchaseHistory offline)
    {
        if (Shop is { } shop) offline.Load(shop.HistoryOf, shop.Users, shop.HistoryPurchases, PurchasesSource!);
        else if (Purchases is { } purchases) offline.Load(purchases, PurchasesSource!);
    }

    /// <summary>
    /// Purchases are fed as the page views reach their time: before each event, every purchase at or before its time.
    /// Purchases from before the stream label nothing and are skipped; those after its last event follow it.
    /// </summary>
    private static IEnumerable<ReplayItem> Interleave(IEnumerable<PageViewMessage> messages, PriorityQueue<PurchaseRecord, (DateTimeOffset, long)> purchases, Action? finish = null)
    {
        var started = false;
        foreach (var message in messages)
        {
            if (message.EventTime is { } at)
            {
                if (!started)
                {
                    started = true;
                    while (purchases.TryPeek(out var early, out _) && early.PurchasedAt < at) purchases.Dequeue();
                }

                while (purchases.TryPeek(out var due, out _) && due.PurchasedAt <= at) yield return new ReplayItem(null, purchases.Dequeue());
            }

            yield return new ReplayItem(message, null);
        }

        finish?.Invoke();
        while (purchases.TryDequeue(out var rest, out _))
        {
            if (started) yield return new ReplayItem(null, rest);
        }
    }

    /// <summary>In time order; equal times keep the list's order, as a stable sort would.</summary>
    private static PriorityQueue<PurchaseRecord, (DateTimeOffset, long)> Ordered(IReadOnlyList<PurchaseRecord> purchases)
    {
        var queue = new PriorityQueue<PurchaseRecord, (DateTimeOffset, long)>(purchases.Count);
        for (var i = 0; i < purchases.Count; i++) queue.Enqueue(purchases[i], (purchases[i].PurchasedAt, i));
        return queue;
    }

    private static IEnumerable<T> Cut<T>(IEnumerator<T> items, int count)
    {
        for (var i = 0; i < count && items.MoveNext(); i++) yield return items.Current;
    }

    /// <summary>A feed that is built afresh each time it is read (a test may read the messages first, then replay them).</summary>
    private static IEnumerable<ReplayItem> Replayable(Func<IEnumerable<ReplayItem>> feed)
    {
        foreach (var item in feed()) yield return item;
    }

    /// <summary>The bytes a broker would carry, keyed and timed as the publisher would have done.</summary>
    private static PageViewMessage ToMessage(PageViewEvent e, Truth? truth) =>
        new(JsonSerializer.SerializeToUtf8Bytes(e, ContractsJsonContext.Default.PageViewEvent), null, Time(e.Timestamp), e.UserId ?? e.EventId ?? string.Empty) { Context = truth };

    /// <summary>
    /// A recorded line is read once here for its key and time (as a publisher would); the pipeline reads the bytes again,
    /// so a broken line is dead-lettered exactly as a broken message would be.
    /// </summary>
    private static PageViewMessage FromLine(byte[] line, Dictionary<string, Truth>? truth) =>
        PageViewJson.TryParse(line, out var e, out _)
            ? new PageViewMessage(line, null, Time(e!.Timestamp), e.UserId ?? e.EventId ?? string.Empty)
            {
                Context = truth is not null && e.EventId is { } id && truth.TryGetValue(id, out var t) ? t : null,
            }
            : new PageViewMessage(line, null, null, string.Empty);

    private static DateTimeOffset? Time(string? timestamp) => Rfc3339.TryParse(timestamp, out var at) ? at : null;
}

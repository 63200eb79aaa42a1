using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.Synthetic;

/// <summary>
/// The shop of <see cref="SyntheticGenerator.Generate"/>, streamed instead of held: the same users, visits, events,
/// oracle probabilities and purchases for the same options, in memory that does not grow with the clickstream. Planning
/// draws every user's visit start (a few bytes a user); <see cref="Clickstream"/> then generates the visits in start
/// order, a batch at a time, and merges their events in time order; a user's purchase history is generated again when
/// it is asked for (<see cref="HistoryOf"/>). Purchase ids are unique and in time order within a user (all a summary
/// looks at), not across users as the held shop numbers them.
/// </summary>
public sealed class SyntheticShop
{
    private const int Batch = 4096;
    private const int IdsPerUser = 1 << 16;

    private readonly SyntheticWorld _world = SyntheticWorld.Default;
    private readonly double[] _priors;
    private readonly int[] _byStart;
    private readonly long[] _starts;

    private SyntheticShop(SyntheticOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Users, 1);
        Options = options;
        _priors = SyntheticGenerator.Priors(_world, options);
        var starts = new long[options.Users];
        var history = 0L;
        Parallel.For(
            0,
            options.Users,
            () => 0L,
            (i, _, count) =>
            {
                var (_, purchases, start) = SyntheticGenerator.Head(_world, options, _priors, Rng.Stream(options.Seed, i, salt: 1));
                starts[i] = start.UtcTicks;
                return count + purchases.Count;
            },
            count => Interlocked.Add(ref history, count));
        HistoryPurchases = history;

        // Visits in start order, ties by user index: the order in which the held shop's stable sort meets their first events.
        _starts = starts;
        _byStart = new int[options.Users];
        for (var i = 0; i < _byStart.Length; i++) _byStart[i] = i;
        Array.Sort(starts, _byStart);
        for (var from = 0; from < starts.Length;)
        {
            var to = from + 1;
            while (to < starts.Length && starts[to] == starts[from]) to++;
            if (to - from > 1) Array.Sort(_byStart, from, to - from);
            from = to;
        }
    }

    public SyntheticOptions Options { get; }

    public int Users => Options.Users;

    /// <summary>Purchases before the clickstream, over all users (the offline store's rows).</summary>
    public long HistoryPurchases { get; }

    /// <summary>Draws every user's visit start; the visits themselves are generated as <see cref="Clickstream"/> is read.</summary>
    public static SyntheticShop Plan(SyntheticOptions options) => new(options);

    /// <summary>
    /// Every event of every visit in event-time order (ties: by user index, then within the visit), exactly the held shop's
    /// <see cref="SyntheticDataset.Clickstream"/>, each with its visit's outcome and the oracle's probability.
    /// <paramref name="purchased"/> hears of each visit's purchase when the visit is generated, before its first event is
    /// yielded (so always before the purchase's time is reached).
    /// </summary>
    public IEnumerable<SyntheticEvent> Clickstream(Action<PurchaseRecord>? purchased = null)
    {
        var open = new PriorityQueue<Cursor, (long Ticks, int User, int Event)>();
        var batch = new (SyntheticSession Session, SyntheticGenerator.PendingPurchase? Purchase, int Purchases)[Batch];
        for (var next = 0; next < _byStart.Length || open.Count > 0;)
        {
            if (next < _byStart.Length && (open.Count == 0 || IsBefore(next, open)))
            {
                var count = Math.Min(Batch, _byStart.Length - next);
                var first = next;
                Parallel.For(0, count, j =>
                {
                    var user = _byStart[first + j];
                    var (_, session, purchases) = SyntheticGenerator.GenerateUser(_world, Options, _priors, user, Rng.Stream(Options.Seed, user, salt: 1));
                    batch[j] = (session, session.Purchased ? purchases[^1] : null, purchases.Count);
                });

                for (var j = 0; j < count; j++)
                {
                    var user = _byStart[first + j];
                    var (session, purchase, purchases) = batch[j];
                    batch[j] = default;
                    // The visit's purchase is the user's newest: after every purchase of the history, which ends where the clickstream starts.
                    if (purchase is { } p) purchased?.Invoke(Record(user, session.UserId, purchases - 1, p));
                    open.Enqueue(new Cursor(session, user), (Ticks(session.Events[0]), user, 0));
                }

                next += count;

                // A batch is admitted whole; its later visits wait in the queue behind earlier events, in order.
                continue;
            }

            var cursor = open.Dequeue();
            var i = cursor.Next++;
            yield return new SyntheticEvent(cursor.Session.Events[i], cursor.Session.Purchased, cursor.Session.OracleProbabilities[i]);
            if (cursor.Next < cursor.Session.Events.Length) open.Enqueue(cursor, (Ticks(cursor.Session.Events[cursor.Next]), cursor.User, cursor.Next));
        }
    }

    /// <summary>The purchases of a user before the clickstream (the visit's own purchase, after its events, is not among them).</summary>
    public PurchaseRecord[] HistoryOf(string userId)
    {
        if (!TryIndex(userId, out var user)) return [];
        var (_, purchases, _) = SyntheticGenerator.Head(_world, Options, _priors, Rng.Stream(Options.Seed, user, salt: 1));
        var records = new PurchaseRecord[purchases.Count];
        for (var n = 0; n < purchases.Count; n++) records[n] = Record(user, userId, PurchaseRank(purchases, n), purchases[n]);
        return records;
    }

    /// <summary>Every user's purchases before the clickstream, generated at once: for small shops (tests); a large one asks <see cref="HistoryOf"/>.</summary>
    public PurchaseRecord[] History() =>
        [.. Enumerable.Range(0, Users).SelectMany(user => HistoryOf($"{Options.UserIdPrefix}{user:D7}"))];

    private bool TryIndex(string userId, out int user)
    {
        user = -1;
        var prefix = Options.UserIdPrefix;
        if (!userId.StartsWith(prefix, StringComparison.Ordinal) || !int.TryParse(userId.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out user)) return false;
        // The id this shop gives that user, compared without making it: asked once per session, on the consumer's thread.
        Span<char> id = stackalloc char[16];
        return user < Options.Users && user.TryFormat(id, out var written, "D7", System.Globalization.CultureInfo.InvariantCulture)
            && userId.AsSpan(prefix.Length).SequenceEqual(id[..written]);
    }

    /// <summary>The first event of the <paramref name="next"/>th visit by start comes before every open visit's next one.</summary>
    private bool IsBefore(int next, PriorityQueue<Cursor, (long Ticks, int User, int Event)> open)
    {
        open.TryPeek(out _, out var head);
        var (start, user) = (_starts[next], _byStart[next]);
        return start < head.Ticks || (start == head.Ticks && user < head.User);
    }

    private static long Ticks(PageViewEvent e) => Rfc3339.TryParse(e.Timestamp, out var at) ? at.UtcTicks : 0;

    private static PurchaseRecord Record(int user, string userId, int rank, SyntheticGenerator.PendingPurchase p) =>
        new((long)user * IdsPerUser + rank + 1, userId, p.Cents / 100m, p.At);

    /// <summary>Where purchase <paramref name="n"/> falls among the user's purchases by (time, draw order): its id within the user.</summary>
    private static int PurchaseRank(List<SyntheticGenerator.PendingPurchase> purchases, int n)
    {
        var rank = 0;
        for (var m = 0; m < purchases.Count; m++)
        {
            if (purchases[m].At < purchases[n].At || (purchases[m].At == purchases[n].At && m < n)) rank++;
        }

        return rank;
    }

    private sealed class Cursor(SyntheticSession session, int user)
    {
        public SyntheticSession Session { get; } = session;

        public int User { get; } = user;

        public int Next { get; set; }
    }
}

using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Outcomes;

namespace DaprPredictor.Domain.Monitoring;

/// <summary>
/// Labels live predictions with the training label (<see cref="PurchaseAttribution"/>, the same code) as outcomes become
/// known. Under that rule a positive label is final as soon as a purchase after the event and by the session's deadline
/// is seen (more purchases and a later deadline only keep it positive), so such predictions are graded at once; the
/// rest are graded negative when the clock passes the session's deadline plus <see cref="GradingLimits.SettleDelay"/>.
/// Memory is bounded by <see cref="GradingLimits"/>; what a bound refuses is counted, never silently dropped.
/// Not thread-safe: the caller serializes calls.
/// </summary>
public sealed class SessionGrader(PurchaseAttribution attribution, GradingLimits limits, Action<double, bool> graded, Action<UngradedReason, int> ungraded)
{
    /// <summary>Purchases remembered per user; a shop order burst beyond it forgets the oldest.</summary>
    public const int MaxPurchasesPerUser = 16;

    private readonly Dictionary<string, Track> _tracks = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _due = new();

    public int TrackedUsers => _tracks.Count;

    public long WaitingPredictions { get; private set; }

    public void Predicted(string userId, string sessionId, DateTimeOffset sessionLastEventAt, DateTimeOffset eventAt, double probability)
    {
        var track = Get(userId);
        var session = Find(track.Sessions, sessionId);
        if (session is null)
        {
            session = new OpenSession(sessionId, sessionLastEventAt);
            track.Sessions.Add(session);
        }
        else if (sessionLastEventAt > session.LastEventAt)
        {
            session.LastEventAt = sessionLastEventAt;
        }

        // Most users have bought nothing yet: no purchase, no positive (and no enumerator to allocate per prediction).
        if (track.Purchases.Count > 0 && attribution.Of(track.Purchases, session.LastEventAt).IsPositive(eventAt))
        {
            graded(probability, true);
        }
        else if (session.Waiting.Count >= limits.MaxPredictionsPerSession)
        {
            ungraded(UngradedReason.SessionFull, 1);
        }
        else
        {
            session.Waiting.Add((eventAt, probability));
            WaitingPredictions++;
        }

        Schedule(userId, track);
    }

    public void Purchased(PurchaseRecord purchase)
    {
        var track = Get(purchase.UserId);
        if (track.Purchases.Count == MaxPurchasesPerUser) track.Purchases.RemoveAt(0);
        track.Purchases.Add(purchase);
        foreach (var session in track.Sessions)
        {
            var outcome = attribution.Of(track.Purchases, session.LastEventAt);
            WaitingPredictions -= session.Waiting.RemoveAll(w =>
            {
                if (!outcome.IsPositive(w.At)) return false;
                graded(w.Probability, true);
                return true;
            });
        }

        Schedule(purchase.UserId, track);
    }

    /// <summary>Grades every session whose deadline plus the settle delay is at or before <paramref name="now"/>.</summary>
    public void Sweep(DateTimeOffset now)
    {
        while (_due.TryPeek(out var userId, out var due) && due <= now)
        {
            _due.Dequeue();
            if (_tracks.TryGetValue(userId, out var track) && track.QueuedAt == due) Settle(userId, track, now, everything: false);
        }
    }

    /// <summary>The end of a finite stream: every outcome is known, so every waiting prediction is graded now.</summary>
    public void SettleAll()
    {
        foreach (var (userId, track) in _tracks.ToArray()) Settle(userId, track, DateTimeOffset.MaxValue, everything: true);
        _due.Clear();
    }

    private Track Get(string userId)
    {
        if (_tracks.TryGetValue(userId, out var track)) return track;
        while (_tracks.Count >= limits.MaxTrackedUsers && _due.TryDequeue(out var victim, out var due))
        {
            if (!_tracks.TryGetValue(victim, out var evicted) || evicted.QueuedAt != due) continue;
            var waiting = evicted.Sessions.Sum(s => s.Waiting.Count);
            if (waiting > 0) ungraded(UngradedReason.Evicted, waiting);
            WaitingPredictions -= waiting;
            _tracks.Remove(victim);
        }

        track = new Track();
        _tracks.Add(userId, track);
        return track;
    }

    private void Settle(string userId, Track track, DateTimeOffset now, bool everything)
    {
        track.Sessions.RemoveAll(session =>
        {
            if (!everything && Due(session) > now) return false;
            var outcome = attribution.Of(track.Purchases, session.LastEventAt);
            foreach (var (at, probability) in session.Waiting) graded(probability, outcome.IsPositive(at));
            WaitingPredictions -= session.Waiting.Count;
            return true;
        });
        track.Purchases.RemoveAll(p => everything || Expiry(p) <= now);
        track.QueuedAt = DateTimeOffset.MaxValue;
        if (track.Sessions.Count == 0 && track.Purchases.Count == 0)
        {
            _tracks.Remove(userId);
            return;
        }

        Schedule(userId, track);
    }

    /// <summary>
    /// Keeps one live queue entry per user at or before its earliest due time; entries made stale by a later reschedule
    /// are skipped when they surface (their time no longer matches), and one that surfaces early just reschedules.
    /// </summary>
    private void Schedule(string userId, Track track)
    {
        var due = DateTimeOffset.MaxValue;
        foreach (var s in track.Sessions) due = Min(due, Due(s));
        foreach (var p in track.Purchases) due = Min(due, Expiry(p));
        if (due >= track.QueuedAt) return;
        track.QueuedAt = due;
        _due.Enqueue(userId, due);
    }

    private DateTimeOffset Due(OpenSession session) => attribution.Deadline(session.LastEventAt) + limits.SettleDelay;

    /// <summary>A purchase matters for events before it in sessions whose deadline it falls by; after that window it is forgotten.</summary>
    private DateTimeOffset Expiry(PurchaseRecord purchase) => purchase.PurchasedAt + attribution.Window + limits.SettleDelay;

    /// <summary>A loop, not List.Find: a lambda capturing the id would be allocated on every prediction.</summary>
    private static OpenSession? Find(List<OpenSession> sessions, string id)
    {
        foreach (var session in sessions)
        {
            if (session.Id == id) return session;
        }

        return null;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed class Track
    {
        public List<OpenSession> Sessions { get; } = new(1);

        public List<PurchaseRecord> Purchases { get; } = [];

        public DateTimeOffset QueuedAt { get; set; } = DateTimeOffset.MaxValue;
    }

    private sealed class OpenSession(string id, DateTimeOffset lastEventAt)
    {
        public string Id { get; } = id;

        public DateTimeOffset LastEventAt { get; set; } = lastEventAt;

        public List<(DateTimeOffset At, double Probability)> Waiting { get; } = [];
    }
}

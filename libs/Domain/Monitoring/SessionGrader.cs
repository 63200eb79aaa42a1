using System.Runtime.InteropServices;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Outcomes;

namespace DaprPredictor.Domain.Monitoring;

/// <summary>
/// Labels live predictions with the training label (<see cref="PurchaseAttribution"/>, the same code) as outcomes become
/// known. Under that rule a positive label is final as soon as a purchase after the event and by the session's deadline
/// is seen (more purchases and a later deadline only keep it positive), so such predictions are graded at once; the
/// rest are graded negative when the clock passes the session's deadline plus <see cref="GradingLimits.SettleDelay"/>.
/// Memory is bounded by <see cref="GradingLimits"/>; what a bound refuses is counted, never silently dropped.
/// Every prediction passes through here, so the bookkeeping allocates little: loops rather than predicates, and the
/// records of settled sessions and forgotten users (with their lists) are kept for the next ones, up to a bound.
/// Not thread-safe: the caller serializes calls.
/// </summary>
public sealed class SessionGrader(PurchaseAttribution attribution, GradingLimits limits, Action<double, bool> graded, Action<UngradedReason, int> ungraded)
{
    /// <summary>Purchases remembered per user; a shop order burst beyond it forgets the oldest.</summary>
    public const int MaxPurchasesPerUser = 16;

    /// <summary>Records kept for reuse: about as many sessions and users as a busy node has open at once.</summary>
    private const int MaxSpare = 4096;

    private readonly Dictionary<string, Track> _tracks = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _due = new();
    private readonly Stack<OpenSession> _spareSessions = new();
    private readonly Stack<Track> _spareTracks = new();

    public int TrackedUsers => _tracks.Count;

    public long WaitingPredictions { get; private set; }

    public void Predicted(string userId, string sessionId, DateTimeOffset sessionLastEventAt, DateTimeOffset eventAt, double probability)
    {
        var track = Get(userId);
        var session = Find(track.Sessions, sessionId);
        if (session is null)
        {
            session = _spareSessions.TryPop(out var spare) ? spare : new OpenSession();
            (session.Id, session.LastEventAt) = (sessionId, sessionLastEventAt);
            track.Sessions.Add(session);
        }
        else if (sessionLastEventAt > session.LastEventAt)
        {
            session.LastEventAt = sessionLastEventAt;
        }

        // Most users have bought nothing yet: no purchase, no positive.
        if (track.Purchases.Count > 0 && Outcome(track, session).IsPositive(eventAt))
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
            var outcome = Outcome(track, session);
            var waiting = session.Waiting;
            var kept = 0;
            for (var i = 0; i < waiting.Count; i++)
            {
                if (outcome.IsPositive(waiting[i].At)) graded(waiting[i].Probability, true);
                else waiting[kept++] = waiting[i];
            }

            WaitingPredictions -= waiting.Count - kept;
            waiting.RemoveRange(kept, waiting.Count - kept);
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
            var waiting = 0;
            foreach (var session in evicted.Sessions) waiting += session.Waiting.Count;
            if (waiting > 0) ungraded(UngradedReason.Evicted, waiting);
            WaitingPredictions -= waiting;
            _tracks.Remove(victim);
            Recycle(evicted);
        }

        track = _spareTracks.TryPop(out var spare) ? spare : new Track();
        _tracks.Add(userId, track);
        return track;
    }

    private void Settle(string userId, Track track, DateTimeOffset now, bool everything)
    {
        var sessions = track.Sessions;
        var kept = 0;
        for (var i = 0; i < sessions.Count; i++)
        {
            var session = sessions[i];
            if (!everything && Due(session) > now)
            {
                sessions[kept++] = session;
                continue;
            }

            var outcome = Outcome(track, session);
            foreach (var (at, probability) in session.Waiting) graded(probability, outcome.IsPositive(at));
            WaitingPredictions -= session.Waiting.Count;
            Recycle(session);
        }

        sessions.RemoveRange(kept, sessions.Count - kept);
        var purchases = track.Purchases;
        kept = 0;
        for (var i = 0; i < purchases.Count; i++)
        {
            if (!everything && Expiry(purchases[i]) > now) purchases[kept++] = purchases[i];
        }

        purchases.RemoveRange(kept, purchases.Count - kept);
        track.QueuedAt = DateTimeOffset.MaxValue;
        if (track.Sessions.Count == 0 && track.Purchases.Count == 0)
        {
            _tracks.Remove(userId);
            Recycle(track);
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

    private SessionOutcome Outcome(Track track, OpenSession session) => attribution.Of(CollectionsMarshal.AsSpan(track.Purchases), session.LastEventAt);

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

    /// <summary>A settled session's record, with its emptied list, serves a later session.</summary>
    private void Recycle(OpenSession session)
    {
        session.Waiting.Clear();
        if (_spareSessions.Count < MaxSpare) _spareSessions.Push(session);
    }

    /// <summary>A forgotten user's record, with its emptied lists, serves a later user.</summary>
    private void Recycle(Track track)
    {
        foreach (var session in track.Sessions) Recycle(session);
        track.Sessions.Clear();
        track.Purchases.Clear();
        track.QueuedAt = DateTimeOffset.MaxValue;
        if (_spareTracks.Count < MaxSpare) _spareTracks.Push(track);
    }

    private sealed class Track
    {
        public List<OpenSession> Sessions { get; } = new(1);

        public List<PurchaseRecord> Purchases { get; } = [];

        public DateTimeOffset QueuedAt { get; set; } = DateTimeOffset.MaxValue;
    }

    private sealed class OpenSession
    {
        public string Id { get; set; } = "";

        public DateTimeOffset LastEventAt { get; set; }

        public List<(DateTimeOffset At, double Probability)> Waiting { get; } = [];
    }
}

using DaprPredictor.Domain.Events;

namespace DaprPredictor.Domain.Windows;

/// <summary>
/// A user's window as a mutable buffer that <see cref="WindowRules.ApplyInPlace"/>
/// changes in place: the same fields as <see cref="UserWindow"/>, with its lists held in arrays that are reused from one
/// event to the next (they grow to the largest list they have held, and never shrink). A hot path keeps one per thread or
/// per stored key and copies between them; <see cref="UserWindow"/> stays the immutable snapshot that is stored as JSON.
/// Not thread-safe: one owner at a time.
/// </summary>
public sealed class WindowBuffer
{
    private int[] _pageCounts = new int[PageTypes.Count];
    private PageVisit[] _recentPages = [];
    private int _recentPageCount;
    private string[] _recentEventIds = [];
    private int _recentEventIdCount;

    /// <summary>No window: the user has none, or it expired.</summary>
    public bool IsEmpty { get; private set; } = true;

    public string UserId { get; private set; } = "";

    public string SessionId { get; private set; } = "";

    public DateTimeOffset SessionStart { get; private set; }

    public DateTimeOffset LastEventAt { get; private set; }

    public double LastGapSeconds { get; private set; }

    public int EventCount { get; private set; }

    public PageType EntryPage { get; private set; }

    /// <summary>Visits per <see cref="PageType"/>, indexed by the enum value: the buffer's own array, to be read before the window changes.</summary>
    public int[] PageCounts => _pageCounts;

    public int PricedViews { get; private set; }

    public double ViewedPriceSum { get; private set; }

    /// <summary>Newest first (by event time).</summary>
    public ReadOnlySpan<PageVisit> RecentPages => _recentPages.AsSpan(0, _recentPageCount);

    /// <summary>Newest first.</summary>
    public ReadOnlySpan<string> RecentEventIds => _recentEventIds.AsSpan(0, _recentEventIdCount);

    /// <summary>A new buffer holding <paramref name="window"/> (empty for null).</summary>
    public static WindowBuffer Of(UserWindow? window)
    {
        var buffer = new WindowBuffer();
        buffer.Load(window);
        return buffer;
    }

    /// <summary>Forgets the window; the arrays are kept for the next one.</summary>
    public void Clear()
    {
        Array.Clear(_recentEventIds, 0, _recentEventIdCount);
        (_recentPageCount, _recentEventIdCount) = (0, 0);
        (UserId, SessionId, IsEmpty) = ("", "", true);
    }

    /// <summary>Holds <paramref name="window"/> from now on (a copy: the window stays immutable); null clears.</summary>
    public void Load(UserWindow? window)
    {
        if (window is null)
        {
            Clear();
            return;
        }

        SetScalars(window.UserId, window.SessionId, window.SessionStart, window.LastEventAt, window.LastGapSeconds, window.EventCount, window.EntryPage, window.PricedViews, window.ViewedPriceSum);
        CopyLists(window.PageCounts, window.RecentPages, window.RecentEventIds);
    }

    /// <summary>Holds a copy of what <paramref name="other"/> holds.</summary>
    public void CopyFrom(WindowBuffer other)
    {
        if (other.IsEmpty)
        {
            Clear();
            return;
        }

        SetScalars(other.UserId, other.SessionId, other.SessionStart, other.LastEventAt, other.LastGapSeconds, other.EventCount, other.EntryPage, other.PricedViews, other.ViewedPriceSum);
        CopyLists(other._pageCounts, other.RecentPages, other.RecentEventIds);
    }

    /// <summary>The window as an immutable snapshot (new arrays); null when empty.</summary>
    public UserWindow? ToWindow() => IsEmpty ? null : new UserWindow(
        UserId, SessionId, SessionStart, LastEventAt, LastGapSeconds, EventCount, EntryPage, (int[])_pageCounts.Clone(), RecentPages.ToArray(), PricedViews, ViewedPriceSum, RecentEventIds.ToArray());

    /// <summary>The first event of a session: the recent event ids are kept (see <see cref="WindowRules"/>), the rest starts afresh.</summary>
    internal void Start(CleanPageView e, int dedupeCapacity)
    {
        if (IsEmpty) _recentEventIdCount = 0;
        SetScalars(e.UserId, e.SessionId, e.Timestamp, e.Timestamp, 0, 1, e.Page, e.Price is null ? 0 : 1, e.Price ?? 0);
        if (_pageCounts.Length == PageTypes.Count) Array.Clear(_pageCounts);
        else _pageCounts = new int[PageTypes.Count];
        _pageCounts[(int)e.Page] = 1;
        _recentPageCount = 0;
        Insert(new PageVisit(e.Page, e.Timestamp), int.MaxValue);
        Remember(e.EventId, dedupeCapacity);
    }

    /// <summary>Counts an event of the session: its page, its price, its id, its place among the recent pages.</summary>
    internal void Count(CleanPageView e, int recentPagesCapacity, int dedupeCapacity)
    {
        EventCount++;
        _pageCounts[(int)e.Page]++;
        PricedViews += e.Price is null ? 0 : 1;
        ViewedPriceSum += e.Price ?? 0;
        Remember(e.EventId, dedupeCapacity);
        Insert(new PageVisit(e.Page, e.Timestamp), recentPagesCapacity);
    }

    /// <summary>The event is the session's newest.</summary>
    internal void Advance(DateTimeOffset at)
    {
        LastGapSeconds = (at - LastEventAt).TotalSeconds;
        LastEventAt = at;
    }

    /// <summary>The event is the session's earliest.</summary>
    internal void StartEarlier(DateTimeOffset at, PageType page) => (SessionStart, EntryPage) = (at, page);

    internal bool Remembers(string eventId) => RecentEventIds.IndexOf(eventId) >= 0;

    /// <summary>Inserts a visit keeping newest-first event-time order; equal times keep arrival order (newer arrival first).</summary>
    private void Insert(PageVisit visit, int capacity)
    {
        var position = 0;
        while (position < _recentPageCount && _recentPages[position].At > visit.At) position++;
        if (position >= capacity) return;

        var length = Math.Min(_recentPageCount + 1, capacity);
        if (_recentPages.Length < length) Array.Resize(ref _recentPages, Math.Max(length, 2 * _recentPages.Length));
        _recentPages.AsSpan(position, length - position - 1).CopyTo(_recentPages.AsSpan(position + 1));
        _recentPages[position] = visit;
        _recentPageCount = length;
    }

    private void Remember(string id, int capacity)
    {
        var length = Math.Min(_recentEventIdCount + 1, capacity);
        if (_recentEventIds.Length < length) Array.Resize(ref _recentEventIds, Math.Max(length, 2 * _recentEventIds.Length));
        _recentEventIds.AsSpan(0, length - 1).CopyTo(_recentEventIds.AsSpan(1));
        _recentEventIds[0] = id;
        if (_recentEventIdCount > length) Array.Clear(_recentEventIds, length, _recentEventIdCount - length);
        _recentEventIdCount = length;
    }

    private void SetScalars(
        string userId, string sessionId, DateTimeOffset sessionStart, DateTimeOffset lastEventAt, double lastGapSeconds, int eventCount, PageType entryPage, int pricedViews, double viewedPriceSum)
    {
        (UserId, SessionId, SessionStart, LastEventAt, LastGapSeconds) = (userId, sessionId, sessionStart, lastEventAt, lastGapSeconds);
        (EventCount, EntryPage, PricedViews, ViewedPriceSum, IsEmpty) = (eventCount, entryPage, pricedViews, viewedPriceSum, false);
    }

    private void CopyLists(ReadOnlySpan<int> pageCounts, ReadOnlySpan<PageVisit> recentPages, ReadOnlySpan<string> recentEventIds)
    {
        if (_pageCounts.Length != pageCounts.Length) _pageCounts = new int[pageCounts.Length];
        pageCounts.CopyTo(_pageCounts);

        if (_recentPages.Length < recentPages.Length) _recentPages = new PageVisit[recentPages.Length];
        recentPages.CopyTo(_recentPages);
        _recentPageCount = recentPages.Length;

        if (_recentEventIds.Length < recentEventIds.Length) _recentEventIds = new string[recentEventIds.Length];
        recentEventIds.CopyTo(_recentEventIds);
        if (_recentEventIdCount > recentEventIds.Length) Array.Clear(_recentEventIds, recentEventIds.Length, _recentEventIdCount - recentEventIds.Length);
        _recentEventIdCount = recentEventIds.Length;
    }
}

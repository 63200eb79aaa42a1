using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Embedded;

/// <summary>
/// An in-process state store with the Dapr semantics the pipeline relies on: an ETag per write, first-write
/// concurrency (a stale or missing ETag loses), insert-only when no ETag is given, and per-item TTL measured on the
/// given clock. Values are stored by reference, so only immutable values may be stored (all our state values are).
/// Expired items are swept as writes happen, so memory follows the live keys, not the keys ever written.
/// </summary>
/// <param name="sweepHorizon">
/// The time before which nothing will be asked any more; items that expired before it are swept. Defaults to the clock.
/// A replay that judges each event at its own time passes its low watermark here, so an item is never swept while an
/// older event that still needs it is pending.
/// </param>
public sealed class EmbeddedStateStore(TimeProvider clock, Func<DateTimeOffset>? sweepHorizon = null) : IStateStore
{
    private readonly ConcurrentDictionary<string, Item> _items = new(StringComparer.Ordinal);
    private long _version;
    private long _writesSinceSweep;
    private long _sweepAfter = MinimumSweepWrites;

    private const long MinimumSweepWrites = 1024;

    /// <summary>Live and not yet swept items.</summary>
    public int Count => _items.Count;

    public ValueTask<StateEntry<T>> GetAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class =>
        ValueTask.FromResult(_items.TryGetValue(key, out var item) && !Expired(item) ? new StateEntry<T>((T)item.Value, item.ETag) : default);

    public ValueTask<bool> TrySaveAsync<T>(string key, T value, string? etag, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        var item = NewItem(value, ttl);
        while (true)
        {
            if (!_items.TryGetValue(key, out var existing))
            {
                if (etag is not null) return ValueTask.FromResult(false);
                if (_items.TryAdd(key, item)) return ValueTask.FromResult(Saved());
                continue;
            }

            var live = !Expired(existing);
            if (etag is null ? live : !live || !string.Equals(existing.ETag, etag, StringComparison.Ordinal)) return ValueTask.FromResult(false);
            if (_items.TryUpdate(key, item, existing)) return ValueTask.FromResult(Saved());
            if (etag is not null) return ValueTask.FromResult(false); // someone else won the race for this ETag
        }
    }

    public ValueTask SaveAsync<T>(string key, T value, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        _items[key] = NewItem(value, ttl);
        Saved();
        return ValueTask.CompletedTask;
    }

    private Item NewItem(object value, TimeSpan? ttl) =>
        new(value, Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture), ttl is { } t ? clock.GetUtcNow() + t : null);

    private bool Expired(Item item) => item.ExpiresAt is { } at && clock.GetUtcNow() >= at;

    private bool Saved()
    {
        // Amortized O(1): a full sweep after as many writes as there were items after the last one. Not the dictionary's
        // Count on every write: a ConcurrentDictionary counts by taking every one of its locks.
        if (Interlocked.Increment(ref _writesSinceSweep) >= Interlocked.Read(ref _sweepAfter))
        {
            Interlocked.Exchange(ref _writesSinceSweep, 0);
            var horizon = sweepHorizon?.Invoke() ?? clock.GetUtcNow();
            var live = 0L;
            foreach (var (key, item) in _items)
            {
                if (item.ExpiresAt is { } at && horizon >= at) _items.TryRemove(new KeyValuePair<string, Item>(key, item));
                else live++;
            }

            Interlocked.Exchange(ref _sweepAfter, Math.Max(MinimumSweepWrites, live));
        }

        return true;
    }

    /// <summary>A class, not a record: TryUpdate must compare by reference.</summary>
    private sealed class Item(object value, string etag, DateTimeOffset? expiresAt)
    {
        public object Value { get; } = value;

        public string ETag { get; } = etag;

        public DateTimeOffset? ExpiresAt { get; } = expiresAt;
    }
}

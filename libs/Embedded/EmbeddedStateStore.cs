using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization.Metadata;
using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Embedded;

/// <summary>
/// An in-process state store with the Dapr semantics the pipeline relies on: an ETag per write, first-write
/// concurrency (a stale or missing ETag loses), insert-only when no ETag is given, and per-item TTL measured on the
/// given clock. Expired items are swept as writes happen, so memory follows the live keys, not the keys ever written.
/// </summary>
/// <remarks>
/// Two kinds of value share the keys. A value saved as itself (<see cref="TrySaveAsync{T}"/>, <see cref="SaveAsync{T}"/>)
/// is stored by reference, so it must be immutable (all our state values are). A buffer saved with
/// <see cref="TrySaveFromAsync{TBuffer, TValue}"/> is copied into a slot the store owns for the key, and
/// <see cref="ReadIntoAsync{TBuffer, TValue}"/> copies the slot into the caller's buffer: the hot path reads and writes a
/// user's window without allocating, and no caller ever holds the store's copy, so a second writer of the same key
/// cannot change what the first is working on. Either kind can be read either way (a slot read as a value is a
/// snapshot). Every read and write of an item holds its shard's lock, copies included, so a reader never sees half a
/// write. The ETag is a version number from one counter, compared as a number; its string is made once per version, and
/// only for a caller that reads a value (and so an ETag string). Slots of swept or overwritten items are kept for new keys.
/// </remarks>
/// <param name="sweepHorizon">
/// The time before which nothing will be asked any more; items that expired before it are swept. Defaults to the clock.
/// A replay that judges each event at its own time passes its low watermark here, so an item is never swept while an
/// older event that still needs it is pending.
/// </param>
public sealed class EmbeddedStateStore(TimeProvider clock, Func<DateTimeOffset>? sweepHorizon = null) : IStateStore
{
    private const int ShardCount = 64;
    private const int SparesPerShard = 64;
    private const long MinimumSweepWrites = 1024;

    private readonly Shard[] _shards = [.. Enumerable.Range(0, ShardCount).Select(_ => new Shard())];
    private long _version;
    private long _writesSinceSweep;
    private long _sweepAfter = MinimumSweepWrites;

    /// <summary>Live and not yet swept items.</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var shard in _shards)
            {
                lock (shard.Gate) count += shard.Items.Count;
            }

            return count;
        }
    }

    public ValueTask<StateEntry<T>> GetAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        var shard = ShardOf(key);
        lock (shard.Gate)
        {
            ref var item = ref Live(shard, key, out _);
            if (Unsafe.IsNullRef(ref item)) return ValueTask.FromResult(default(StateEntry<T>));
            var value = item.Slot ? ((IStateBuffer<T>)item.Value).ToValue() : (T)item.Value;
            return ValueTask.FromResult(new StateEntry<T>(value, item.ETagText ??= ETag.OfVersion(item.Version).Text));
        }
    }

    public ValueTask<ETag> ReadIntoAsync<TBuffer, TValue>(string key, TBuffer into, JsonTypeInfo<TValue> type, CancellationToken cancellationToken)
        where TBuffer : class, IStateBuffer<TBuffer, TValue>
        where TValue : class
    {
        var shard = ShardOf(key);
        lock (shard.Gate)
        {
            ref var item = ref Live(shard, key, out _);
            if (Unsafe.IsNullRef(ref item))
            {
                into.Load(null);
                return ValueTask.FromResult(default(ETag));
            }

            if (item.Value is TBuffer slot) into.CopyFrom(slot);
            else into.Load((TValue)item.Value);
            return ValueTask.FromResult(ETag.OfVersion(item.Version));
        }
    }

    public ValueTask<bool> TrySaveAsync<T>(string key, T value, string? etag, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class =>
        ValueTask.FromResult(TrySave(key, ETag.Of(etag), ttl, value, slot: false, static (value, _, _) => value));

    public ValueTask<bool> TrySaveFromAsync<TBuffer, TValue>(string key, TBuffer from, ETag etag, TimeSpan? ttl, JsonTypeInfo<TValue> type, CancellationToken cancellationToken)
        where TBuffer : class, IStateBuffer<TBuffer, TValue>
        where TValue : class =>
        ValueTask.FromResult(TrySave(key, etag, ttl, from, slot: true, static (from, shard, previous) =>
        {
            var slot = previous as TBuffer ?? shard.Spare<TBuffer>() ?? TBuffer.Create();
            slot.CopyFrom(from);
            return slot;
        }));

    public ValueTask SaveAsync<T>(string key, T value, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
    {
        var shard = ShardOf(key);
        lock (shard.Gate)
        {
            ref var item = ref CollectionsMarshal.GetValueRefOrAddDefault(shard.Items, key, out var existed);
            if (existed) shard.Retire(item);
            item = NewItem(value, slot: false, ttl);
        }

        Saved();
        return ValueTask.CompletedTask;
    }

    /// <param name="slot">Whether <paramref name="store"/> answers a buffer of the store's own (a slot) rather than the value saved.</param>
    /// <param name="store">What to keep, given what is saved, the shard and the item's slot if it has one (to copy into).</param>
    private bool TrySave<TFrom>(string key, ETag etag, TimeSpan? ttl, TFrom from, bool slot, Func<TFrom, Shard, object?, object> store)
    {
        var shard = ShardOf(key);
        lock (shard.Gate)
        {
            ref var item = ref Live(shard, key, out var exists);
            if (Unsafe.IsNullRef(ref item))
            {
                // Absent or expired: only an insert (no ETag) may write.
                if (!etag.IsNone) return false;
                if (!exists) shard.Items.Add(key, default);
                item = ref CollectionsMarshal.GetValueRefOrNullRef(shard.Items, key);
            }
            else if (etag.IsNone || !etag.Is(item.Version))
            {
                return false;
            }

            var kept = store(from, shard, item.Slot ? item.Value : null);
            if (!ReferenceEquals(kept, item.Value)) shard.Retire(item);
            item = NewItem(kept, slot, ttl);
        }

        return Saved();
    }

    private Item NewItem(object value, bool slot, TimeSpan? ttl) =>
        new(value, slot, Interlocked.Increment(ref _version), ttl is { } t ? (clock.GetUtcNow() + t).UtcTicks : long.MaxValue);

    /// <summary>The item of <paramref name="key"/> if it exists and has not expired; otherwise a null reference (<paramref name="exists"/>: expired).</summary>
    private ref Item Live(Shard shard, string key, out bool exists)
    {
        ref var item = ref CollectionsMarshal.GetValueRefOrNullRef(shard.Items, key);
        exists = !Unsafe.IsNullRef(ref item);
        if (exists && clock.GetUtcNow().UtcTicks >= item.ExpiresAtTicks) return ref Unsafe.NullRef<Item>();
        return ref item;
    }

    private Shard ShardOf(string key) => _shards[(uint)string.GetHashCode(key, StringComparison.Ordinal) % ShardCount];

    private bool Saved()
    {
        // Amortized O(1): a full sweep after as many writes as there were items after the last one.
        if (Interlocked.Increment(ref _writesSinceSweep) >= Interlocked.Read(ref _sweepAfter))
        {
            Interlocked.Exchange(ref _writesSinceSweep, 0);
            var horizon = (sweepHorizon?.Invoke() ?? clock.GetUtcNow()).UtcTicks;
            var live = 0L;
            foreach (var shard in _shards)
            {
                lock (shard.Gate)
                {
                    foreach (var (key, item) in shard.Items)
                    {
                        if (horizon < item.ExpiresAtTicks)
                        {
                            live++;
                            continue;
                        }

                        shard.Retire(item);
                        shard.Items.Remove(key);
                    }
                }
            }

            Interlocked.Exchange(ref _sweepAfter, Math.Max(MinimumSweepWrites, live));
        }

        return true;
    }

    /// <param name="Value">The value saved, or the store's own buffer when <paramref name="Slot"/>.</param>
    /// <param name="ExpiresAtTicks">UTC ticks; <see cref="long.MaxValue"/> without a TTL.</param>
    private record struct Item(object Value, bool Slot, long Version, long ExpiresAtTicks)
    {
        /// <summary>The ETag as a string, made when first asked for at this version.</summary>
        public string? ETagText { get; set; }
    }

    private sealed class Shard
    {
        private readonly Stack<object> _spares = new();

        public Lock Gate { get; } = new();

        public Dictionary<string, Item> Items { get; } = new(StringComparer.Ordinal);

        /// <summary>A slot given up by an item, for a new one: cleared, so it keeps nothing alive.</summary>
        public TBuffer? Spare<TBuffer>() where TBuffer : class => _spares.TryPeek(out var spare) && spare is TBuffer buffer && _spares.TryPop(out _) ? buffer : null;

        /// <summary>The item's slot, if it has one, goes back to the spares.</summary>
        public void Retire(in Item item)
        {
            if (!item.Slot || _spares.Count >= SparesPerShard) return;
            ((IStateBuffer)item.Value).Clear();
            _spares.Push(item.Value);
        }
    }
}

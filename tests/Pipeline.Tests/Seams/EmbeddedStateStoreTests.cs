using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Windows;
using DaprPredictor.Embedded;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Pipeline.Seams;
using Microsoft.Extensions.Time.Testing;

namespace DaprPredictor.Pipeline.Tests.Seams;

/// <summary>
/// The in-memory store's slots: a window is copied into the store's own slot on save and out of it into the caller's
/// buffer on read, with Dapr's first-write ETag and TTL semantics, and the same item can be read and written as a value.
/// </summary>
public sealed class EmbeddedStateStoreTests
{
    private const string Key = "window|u-1";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(31);
    private static readonly WindowOptions Options = new();
    private static readonly int[] TornWindowSizes = [1, 700, 3, 500, 2, 900];

    private readonly FakeTimeProvider _clock = new(T0);

    private static CleanPageView View(int n, string user = "u-1") => new($"e{n}", user, "s-1", PageType.Product, T0.AddSeconds(n), null, null, n);

    private static UserStateBuffer After(int events, string user = "u-1")
    {
        var state = new UserStateBuffer();
        for (var n = 1; n <= events; n++) WindowRules.ApplyInPlace(state.Window, View(n, user), Options);
        return state;
    }

    private static ValueTask<ETag> ReadAsync(IStateStore store, UserStateBuffer into, string key = Key) =>
        store.ReadIntoAsync(key, into, ContractsJsonContext.Default.UserState, CancellationToken.None);

    private static ValueTask<bool> SaveAsync(IStateStore store, UserStateBuffer from, ETag etag, string key = Key) =>
        store.TrySaveFromAsync(key, from, etag, Ttl, ContractsJsonContext.Default.UserState, CancellationToken.None);

    [Fact]
    public async Task OfTwoWritersOfOneUserTheSecondLosesItsETagAndWinsAfterReReading()
    {
        var store = new EmbeddedStateStore(_clock);
        Assert.True(await SaveAsync(store, After(1), default));
        var (first, second) = (new UserStateBuffer(), new UserStateBuffer());
        var firstETag = await ReadAsync(store, first);
        var secondETag = await ReadAsync(store, second);

        WindowRules.ApplyInPlace(first.Window, View(2), Options);
        WindowRules.ApplyInPlace(second.Window, View(3), Options);
        Assert.True(await SaveAsync(store, first, firstETag));
        Assert.False(await SaveAsync(store, second, secondETag));

        var again = await ReadAsync(store, second);
        Assert.Equal(["e2", "e1"], second.Window.RecentEventIds.ToArray());
        WindowRules.ApplyInPlace(second.Window, View(3), Options);
        Assert.True(await SaveAsync(store, second, again));
        Assert.False(await SaveAsync(store, first, firstETag));

        var stored = (await store.GetAsync(Key, ContractsJsonContext.Default.UserState, CancellationToken.None)).Value!;
        Assert.Equal(3, stored.Window.EventCount);
        Assert.Equal(["e3", "e2", "e1"], stored.Window.RecentEventIds);
    }

    [Fact]
    public async Task WithoutAnETagOnlyTheFirstInsertWins()
    {
        var store = new EmbeddedStateStore(_clock);

        Assert.True(await SaveAsync(store, After(1), default));
        Assert.False(await SaveAsync(store, After(2), default));

        var read = new UserStateBuffer();
        await ReadAsync(store, read);
        Assert.Equal(1, read.Window.EventCount);
    }

    [Fact]
    public async Task NeitherSideKeepsTheOthersBuffer()
    {
        var store = new EmbeddedStateStore(_clock);
        var mine = After(2);
        Assert.True(await SaveAsync(store, mine, default));

        WindowRules.ApplyInPlace(mine.Window, View(3), Options); // changed after the save: the store has its own copy
        var read = new UserStateBuffer();
        await ReadAsync(store, read);
        WindowRules.ApplyInPlace(read.Window, View(4), Options); // changed after the read: the store is not changed either

        var again = new UserStateBuffer();
        await ReadAsync(store, again);
        Assert.Equal(2, again.Window.EventCount);
        Assert.Equal(["e2", "e1"], again.Window.RecentEventIds.ToArray());
    }

    [Fact]
    public async Task ASlotReadAsAValueIsASnapshotWhoseETagStringSavesAValueOverIt()
    {
        var store = new EmbeddedStateStore(_clock);
        Assert.True(await SaveAsync(store, After(2), default));

        var entry = await store.GetAsync(Key, ContractsJsonContext.Default.UserState, CancellationToken.None);
        Assert.Equal(JsonSerializer.Serialize(After(2).ToValue(), ContractsJsonContext.Default.UserState), JsonSerializer.Serialize(entry.Value, ContractsJsonContext.Default.UserState));
        Assert.Equal(["e2", "e1"], entry.Value!.Window.RecentEventIds);

        var next = WindowRules.Apply(entry.Value.Window, View(3), Options).Window;
        Assert.True(await store.TrySaveAsync(Key, new UserState(next, null), entry.ETag, Ttl, ContractsJsonContext.Default.UserState, CancellationToken.None));
        Assert.False(await store.TrySaveAsync(Key, new UserState(next, null), entry.ETag, Ttl, ContractsJsonContext.Default.UserState, CancellationToken.None));

        var read = new UserStateBuffer();
        var etag = await ReadAsync(store, read);
        Assert.Equal(["e3", "e2", "e1"], read.Window.RecentEventIds.ToArray());
        WindowRules.ApplyInPlace(read.Window, View(4), Options);
        Assert.True(await SaveAsync(store, read, etag)); // a value's item takes a slot again
        Assert.Equal(4, (await store.GetAsync(Key, ContractsJsonContext.Default.UserState, CancellationToken.None)).Value!.Window.EventCount);
    }

    [Fact]
    public async Task AnExpiredSlotReadsAsNothingRefusesItsOldETagAndTakesAnInsert()
    {
        var store = new EmbeddedStateStore(_clock);
        Assert.True(await SaveAsync(store, After(2), default));
        var read = new UserStateBuffer();
        var etag = await ReadAsync(store, read);

        _clock.Advance(Ttl);

        Assert.True((await ReadAsync(store, read)).IsNone);
        Assert.True(read.Window.IsEmpty);
        Assert.False(await SaveAsync(store, After(3), etag));
        Assert.True(await SaveAsync(store, After(1), default));
        await ReadAsync(store, read);
        Assert.Equal(["e1"], read.Window.RecentEventIds.ToArray());
    }

    [Fact]
    public async Task ASweptSlotGivenToAnotherUserKeepsNothingOfTheFirst()
    {
        var store = new EmbeddedStateStore(_clock);
        for (var u = 0; u < 200; u++) Assert.True(await SaveAsync(store, After(20, $"old-{u}"), default, $"window|old-{u}"));
        _clock.Advance(Ttl);

        // Enough writes for a sweep: the old users' slots become spares, and the new users' windows are written into them.
        for (var u = 0; u < 1100; u++) Assert.True(await SaveAsync(store, After(1, $"new-{u}"), default, $"window|new-{u}"));

        Assert.Equal(1100, store.Count);
        for (var u = 0; u < 1100; u += 37)
        {
            var read = new UserStateBuffer();
            await ReadAsync(store, read, $"window|new-{u}");
            Assert.Equal((1, $"new-{u}"), (read.Window.EventCount, read.Window.UserId));
            Assert.Equal(["e1"], read.Window.RecentEventIds.ToArray());
            Assert.Equal(1, read.Window.RecentPages.Length);
        }
    }

    /// <summary>
    /// Each saved window is the window after its own event count, so any mix of two saves (a torn read) breaks one of the
    /// checks: the newest id names the count, the recent ids are that many, the counts add up to it. The windows are long
    /// (hundreds of ids) so that a copy takes long enough for a save to land in the middle of it, were it not locked out.
    /// </summary>
    [Fact]
    public async Task AReaderNeverSeesATornWindowWhileAnotherThreadSaves()
    {
        var options = new WindowOptions { DedupeCapacity = 4096, RecentPages = 50 };
        var store = new EmbeddedStateStore(TimeProvider.System);
        var windows = TornWindowSizes.Select(events =>
        {
            var state = new UserStateBuffer();
            for (var n = 1; n <= events; n++) WindowRules.ApplyInPlace(state.Window, View(n), options);
            return state;
        }).ToArray();
        Assert.True(await SaveAsync(store, windows[0], default));
        using var stop = new CancellationTokenSource();
        var writes = 0;

        // Its own thread: the store completes synchronously, so the loop never leaves it.
        var writer = Task.Factory.StartNew(
            async () =>
            {
                var scratch = new UserStateBuffer();
                for (var i = 1; !stop.IsCancellationRequested; i++)
                {
                    var etag = await ReadAsync(store, scratch);
                    Assert.True(await SaveAsync(store, windows[i % windows.Length], etag));
                    Volatile.Write(ref writes, i);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).Unwrap();

        var reads = 0;
        var read = new UserStateBuffer();
        try
        {
            for (var clock = System.Diagnostics.Stopwatch.StartNew(); (reads < 20_000 || Volatile.Read(ref writes) < 20_000) && clock.Elapsed < TimeSpan.FromSeconds(20) && !writer.IsCompleted; reads++)
            {
                await ReadAsync(store, read);
                var window = read.Window;
                var count = window.EventCount;
                Assert.Equal($"e{count}", window.RecentEventIds[0]);
                Assert.Equal($"e1", window.RecentEventIds[^1]);
                Assert.Equal(count, window.RecentEventIds.Length);
                Assert.Equal(Math.Min(count, options.RecentPages), window.RecentPages.Length);
                Assert.Equal(T0.AddSeconds(count), window.RecentPages[0].At);
                Assert.Equal(count, window.PageCounts.Sum());
                Assert.Equal(T0.AddSeconds(count), window.LastEventAt);

                if (reads % 16 == 0)
                {
                    var value = (await store.GetAsync(Key, ContractsJsonContext.Default.UserState, CancellationToken.None)).Value!.Window;
                    Assert.Equal(($"e{value.EventCount}", value.EventCount), (value.RecentEventIds[0], value.RecentEventIds.Length));
                    Assert.Equal(value.EventCount, value.PageCounts.Sum());
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }

        Assert.True(reads > 0 && writes > 0);
    }
}

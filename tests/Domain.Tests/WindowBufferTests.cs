using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Windows;

namespace DaprPredictor.Domain.Tests;

/// <summary>
/// The window as a buffer changed in place, reused across users and copied between a slot per user and one scratch
/// buffer (as the in-memory state store and the processor do), gives every event the same outcome and window as the
/// immutable form folded afresh, whatever the buffers held before.
/// </summary>
public class WindowBufferTests
{
    private static readonly WindowOptions Small = new() { SessionTimeout = TimeSpan.FromMinutes(30), RecentPages = 3, DedupeCapacity = 8 };
    private static readonly DateTimeOffset T0 = Events.Now;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AScratchBufferCopiedToAndFromASlotPerUserAgreesWithTheImmutableWindowOnAMixedStream(int seed)
    {
        var random = new Random(seed);
        var immutable = new Dictionary<string, UserWindow?>();
        var slots = new Dictionary<string, WindowBuffer>();
        var scratch = new WindowBuffer();
        var seen = new List<CleanPageView>();
        var at = new Dictionary<string, DateTimeOffset>();

        for (var i = 0; i < 5_000; i++)
        {
            var user = $"u-{random.Next(12)}";
            var e = NextEvent(random, user, i, seen, at);
            seen.Add(e);

            var expected = WindowRules.Apply(immutable.GetValueOrDefault(user), e, Small);
            immutable[user] = expected.Window;

            if (!slots.TryGetValue(user, out var slot)) slots[user] = slot = new WindowBuffer();
            scratch.CopyFrom(slot);
            var outcome = WindowRules.ApplyInPlace(scratch, e, Small);
            slot.CopyFrom(scratch);

            Assert.Equal(expected.Outcome, outcome);
            AssertSame(expected.Window, slot.ToWindow()!);
            AssertSame(expected.Window, WindowBuffer.Of(expected.Window).ToWindow()!);
        }
    }

    [Fact]
    public void ABufferThatHeldALongerWindowHoldsOnlyTheShorterOneLoadedOrCopiedIntoIt()
    {
        var longer = new WindowBuffer();
        for (var n = 1; n <= 20; n++) WindowRules.ApplyInPlace(longer, Events.Clean($"a{n}", T0.AddSeconds(n), userId: "u-a"), Small);
        var shorter = WindowRules.Apply(null, Events.Clean("b1", T0, PageType.Cart, sessionId: "s-b", userId: "u-b"), Small).Window;

        var loaded = WindowBuffer.Of(longer.ToWindow());
        loaded.Load(shorter);
        var copied = WindowBuffer.Of(longer.ToWindow());
        copied.CopyFrom(WindowBuffer.Of(shorter));

        AssertSame(shorter, loaded.ToWindow()!);
        AssertSame(shorter, copied.ToWindow()!);
        loaded.Clear();
        Assert.True(loaded.IsEmpty);
        Assert.Null(loaded.ToWindow());
        Assert.Equal(WindowOutcome.SessionStarted, WindowRules.ApplyInPlace(loaded, Events.Clean("a20", T0), Small)); // forgotten ids are not duplicates
    }

    /// <summary>Mostly in order; some reordered, some redelivered, some of a new session, some after a long pause, some very late.</summary>
    private static CleanPageView NextEvent(Random random, string user, int i, List<CleanPageView> seen, Dictionary<string, DateTimeOffset> at)
    {
        var roll = random.Next(100);
        if (roll < 8 && seen.FindLast(s => s.UserId == user) is { } again) return again;

        var last = at.GetValueOrDefault(user, T0);
        var when = roll switch
        {
            < 20 => last.AddSeconds(-random.Next(1, 120)),
            < 24 => last.AddMinutes(-random.Next(31, 90)),
            < 28 => last.AddMinutes(random.Next(31, 60)),
            _ => last.AddSeconds(random.Next(0, 90)),
        };
        at[user] = when > last ? when : last;
        var session = roll is >= 28 and < 31 ? $"s-{i}" : $"s-{user}-{(at[user] - T0).Ticks / TimeSpan.FromHours(2).Ticks}";
        var price = random.Next(3) == 0 ? (double?)null : Math.Round(random.NextDouble() * 300, 2);
        return Events.Clean($"e-{i}", when, PageTypes.All[random.Next(PageTypes.All.Length)], session, price, user);
    }

    private static void AssertSame(UserWindow expected, UserWindow actual)
    {
        Assert.Equal(expected with { PageCounts = [], RecentPages = [], RecentEventIds = [] }, actual with { PageCounts = [], RecentPages = [], RecentEventIds = [] });
        Assert.Equal(expected.PageCounts, actual.PageCounts);
        Assert.Equal(expected.RecentPages, actual.RecentPages);
        Assert.Equal(expected.RecentEventIds, actual.RecentEventIds);
    }
}

using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Windows;

namespace DaprPredictor.Domain.Tests;

public class WindowRulesTests
{
    private static readonly WindowOptions Options = new() { SessionTimeout = TimeSpan.FromMinutes(30), RecentPages = 5, DedupeCapacity = 8 };
    private static readonly DateTimeOffset T0 = Events.Now;

    private static UserWindow Fold(params CleanPageView[] events)
    {
        UserWindow? window = null;
        foreach (var e in events) window = WindowRules.Apply(window, e, Options).Window;
        return window!;
    }

    [Fact]
    public void FirstEventStartsASession()
    {
        var update = WindowRules.Apply(null, Events.Clean("e1", T0, PageType.Home), Options);

        Assert.Equal(WindowOutcome.SessionStarted, update.Outcome);
        Assert.Equal(1, update.Window.EventCount);
        Assert.Equal(PageType.Home, update.Window.EntryPage);
        Assert.Equal(0, update.Window.LastGapSeconds);
    }

    [Fact]
    public void EventsInOrderAreAppendedWithGapAndSessionLength()
    {
        var window = Fold(
            Events.Clean("e1", T0, PageType.Home),
            Events.Clean("e2", T0.AddSeconds(10), PageType.Search),
            Events.Clean("e3", T0.AddSeconds(40), PageType.Product, price: 10),
            Events.Clean("e4", T0.AddSeconds(45), PageType.Product, price: 30));

        var features = RealtimeFeatures.From(window);
        Assert.Equal((PageType.Product, PageType.Product, PageType.Search), (features.LastPage, features.SecondLastPage!.Value, features.ThirdLastPage!.Value));
        Assert.Equal(4, features.SessionEvents);
        Assert.Equal(45, features.SessionSeconds);
        Assert.Equal(5, features.SecondsSincePrevious);
        Assert.Equal(2, features.PageCounts[(int)PageType.Product]);
        Assert.Equal(20, features.MeanViewedPrice);
        Assert.Equal(PageType.Home, features.EntryPage);
    }

    [Fact]
    public void RedeliveredEventIsADuplicateAndChangesNothing()
    {
        var window = Fold(Events.Clean("e1", T0), Events.Clean("e2", T0.AddSeconds(5)));

        var update = WindowRules.Apply(window, Events.Clean("e1", T0), Options);

        Assert.Equal(WindowOutcome.Duplicate, update.Outcome);
        Assert.Same(window, update.Window);
    }

    [Fact]
    public void InactivityBeyondTheTimeoutStartsANewSessionEvenWithTheSameSessionId()
    {
        var window = Fold(Events.Clean("e1", T0, PageType.Cart), Events.Clean("e2", T0.AddMinutes(1), PageType.Checkout));

        var update = WindowRules.Apply(window, Events.Clean("e3", T0.AddMinutes(31).AddSeconds(1), PageType.Home), Options);

        Assert.Equal(WindowOutcome.SessionStarted, update.Outcome);
        Assert.Equal(1, update.Window.EventCount);
        Assert.Equal(0, update.Window.PageCounts[(int)PageType.Checkout]);
    }

    [Fact]
    public void InactivityExactlyAtTheTimeoutContinuesTheSession()
    {
        var window = Fold(Events.Clean("e1", T0));

        Assert.Equal(WindowOutcome.Appended, WindowRules.Apply(window, Events.Clean("e2", T0.AddMinutes(30)), Options).Outcome);
    }

    [Fact]
    public void NewSessionIdStartsANewSession()
    {
        var window = Fold(Events.Clean("e1", T0), Events.Clean("e2", T0.AddSeconds(5)));

        var update = WindowRules.Apply(window, Events.Clean("e3", T0.AddSeconds(6), sessionId: "s-2"), Options);

        Assert.Equal(WindowOutcome.SessionStarted, update.Outcome);
        Assert.Equal("s-2", update.Window.SessionId);
    }

    [Fact]
    public void RedeliveryOfThePreviousSessionsEventIsStillADuplicate()
    {
        var window = Fold(Events.Clean("e1", T0), Events.Clean("e2", T0.AddSeconds(5), sessionId: "s-2"));

        Assert.Equal(WindowOutcome.Duplicate, WindowRules.Apply(window, Events.Clean("e1", T0), Options).Outcome);
    }

    [Fact]
    public void EventOfAClosedSessionIsLate()
    {
        var window = Fold(Events.Clean("e1", T0), Events.Clean("e2", T0.AddMinutes(2), sessionId: "s-2"));

        var update = WindowRules.Apply(window, Events.Clean("e3", T0.AddMinutes(1)), Options);

        Assert.Equal(WindowOutcome.Late, update.Outcome);
        Assert.Same(window, update.Window);
    }

    [Fact]
    public void OutOfOrderEventIsMergedAsIfItHadArrivedInOrder()
    {
        var inOrder = Fold(
            Events.Clean("e1", T0, PageType.Home),
            Events.Clean("e2", T0.AddSeconds(10), PageType.Search),
            Events.Clean("e3", T0.AddSeconds(20), PageType.Product));
        var shuffled = Fold(
            Events.Clean("e1", T0, PageType.Home),
            Events.Clean("e3", T0.AddSeconds(20), PageType.Product),
            Events.Clean("e2", T0.AddSeconds(10), PageType.Search));

        Assert.Equal(inOrder.RecentPages, shuffled.RecentPages);
        Assert.Equal(inOrder.PageCounts, shuffled.PageCounts);
        Assert.Equal(inOrder.EventCount, shuffled.EventCount);
        Assert.Equal(inOrder.LastEventAt, shuffled.LastEventAt);
        Assert.Equal(inOrder.SessionStart, shuffled.SessionStart);
    }

    [Fact]
    public void OutOfOrderEventBeforeTheSessionStartMovesTheStartAndEntryPage()
    {
        var window = Fold(Events.Clean("e2", T0.AddSeconds(10), PageType.Product), Events.Clean("e1", T0, PageType.Search));

        Assert.Equal(T0, window.SessionStart);
        Assert.Equal(PageType.Search, window.EntryPage);
        Assert.Equal(PageType.Product, window.RecentPages[0].Page);
        Assert.Equal(10, RealtimeFeatures.From(window).SessionSeconds);
    }

    [Fact]
    public void OutOfOrderEventFarBeforeTheSessionIsLate()
    {
        var window = Fold(Events.Clean("e1", T0));

        Assert.Equal(WindowOutcome.Late, WindowRules.Apply(window, Events.Clean("e0", T0.AddMinutes(-31)), Options).Outcome);
    }

    [Fact]
    public void WindowKeepsABoundedNumberOfPagesAndEventIds()
    {
        var events = Enumerable.Range(0, 20).Select(i => Events.Clean($"e{i}", T0.AddSeconds(i))).ToArray();

        var window = Fold(events);

        Assert.Equal(Options.RecentPages, window.RecentPages.Length);
        Assert.Equal(Options.DedupeCapacity, window.RecentEventIds.Length);
        Assert.Equal("e19", window.RecentEventIds[0]);
        Assert.Equal(20, window.EventCount);
    }

    [Fact]
    public void ApplyNeverMutatesTheWindowItWasGiven()
    {
        var window = Fold(Events.Clean("e1", T0), Events.Clean("e2", T0.AddSeconds(1)));
        var counts = (int[])window.PageCounts.Clone();
        var pages = (PageVisit[])window.RecentPages.Clone();

        WindowRules.Apply(window, Events.Clean("e3", T0.AddSeconds(2)), Options);
        WindowRules.Apply(window, Events.Clean("e0", T0.AddSeconds(-1)), Options);

        Assert.Equal(counts, window.PageCounts);
        Assert.Equal(pages, window.RecentPages);
    }

    [Fact]
    public void RedeliveryOfTheNewestEventIsADuplicate()
    {
        var window = Fold(Events.Clean("e1", T0), Events.Clean("e2", T0.AddSeconds(5)));

        Assert.Equal(WindowOutcome.Duplicate, WindowRules.Apply(window, Events.Clean("e2", T0.AddSeconds(5)), Options).Outcome);
    }

    [Fact]
    public void AnotherSessionIdAtExactlyTheNewestEventsTimeStartsASession()
    {
        var window = Fold(Events.Clean("e1", T0));

        Assert.Equal(WindowOutcome.SessionStarted, WindowRules.Apply(window, Events.Clean("e2", T0, sessionId: "s-2"), Options).Outcome);
    }

    [Fact]
    public void AnEventAtTheNewestEventsInstantIsAppendedAndTheLaterArrivalIsTheLastPage()
    {
        var window = Fold(Events.Clean("e1", T0, PageType.Home), Events.Clean("e2", T0.AddSeconds(10), PageType.Product));

        var update = WindowRules.Apply(window, Events.Clean("e3", T0.AddSeconds(10), PageType.Cart), Options);

        Assert.Equal(WindowOutcome.Appended, update.Outcome);
        var features = RealtimeFeatures.From(update.Window);
        Assert.Equal((PageType.Cart, PageType.Product, 0.0), (features.LastPage, features.SecondLastPage!.Value, features.SecondsSincePrevious));
    }

    [Fact]
    public void AnOutOfOrderEventExactlyOneTimeoutBeforeTheSessionStartIsStillMerged()
    {
        var window = Fold(Events.Clean("e1", T0));

        Assert.Equal(WindowOutcome.Reordered, WindowRules.Apply(window, Events.Clean("e0", T0.AddMinutes(-30)), Options).Outcome);
    }

    [Fact]
    public void AnOutOfOrderEventAtTheSessionStartKeepsTheEntryPage()
    {
        var window = Fold(Events.Clean("e1", T0, PageType.Home), Events.Clean("e2", T0.AddSeconds(10), PageType.Product), Events.Clean("e3", T0, PageType.Search));

        Assert.Equal((T0, PageType.Home, 3), (window.SessionStart, window.EntryPage, window.EventCount));
    }

    [Fact]
    public void AnOutOfOrderEventOlderThanEveryKeptPageIsCountedButNotListed()
    {
        var events = Enumerable.Range(1, 5).Select(i => Events.Clean($"e{i}", T0.AddSeconds(i), PageType.Product)).ToList();
        events.Add(Events.Clean("e0", T0, PageType.Help));

        var window = Fold([.. events]);

        Assert.Equal(5, window.RecentPages.Length);
        Assert.All(window.RecentPages, visit => Assert.Equal(PageType.Product, visit.Page));
        Assert.Equal((6, 1, PageType.Help), (window.EventCount, window.PageCounts[(int)PageType.Help], window.EntryPage));
    }

    [Fact]
    public void TheFirstEventsFeaturesHaveNoEarlierPagesAndItsOwnPrice()
    {
        var priced = RealtimeFeatures.From(Fold(Events.Clean("e1", T0, PageType.Product, price: 19.5)));
        var unpriced = RealtimeFeatures.From(Fold(Events.Clean("e1", T0, PageType.Home)));

        Assert.Equal((null, null, 1, 0.0, 0.0, 19.5), (priced.SecondLastPage, priced.ThirdLastPage, priced.SessionEvents, priced.SessionSeconds, priced.SecondsSincePrevious, priced.MeanViewedPrice));
        Assert.Equal(0, unpriced.MeanViewedPrice);
    }
}

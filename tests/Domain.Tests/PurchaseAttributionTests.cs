using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Outcomes;

namespace DaprPredictor.Domain.Tests;

/// <summary>The label: an event is positive when its user purchases after it and at most the window after the session's last event.</summary>
public class PurchaseAttributionTests
{
    private static readonly PurchaseAttribution Attribution = new(TimeSpan.FromMinutes(30));
    private static readonly DateTimeOffset T0 = Events.Now;

    /// <summary>A session of three events, at 0, 60 and 120 s; its deadline is 32 minutes after the first.</summary>
    private static readonly DateTimeOffset[] Session = [T0, T0.AddSeconds(60), T0.AddSeconds(120)];

    private static bool[] Labels(params DateTimeOffset[] purchases)
    {
        var outcome = Attribution.Of(purchases.Select((at, i) => new PurchaseRecord(i, "u-1", 10m, at)).ToArray(), Session[^1]);
        return [.. Session.Select(outcome.IsPositive)];
    }

    [Fact]
    public void TheDeadlineIsTheWindowAfterTheSessionsLastEvent() =>
        Assert.Equal(T0.AddMinutes(32), Attribution.Deadline(Session[^1]));

    [Fact]
    public void APurchaseAfterTheLastEventAndByTheDeadlineMakesEveryEventPositive()
    {
        Assert.Equal([true, true, true], Labels(T0.AddMinutes(3)));
        Assert.Equal([true, true, true], Labels(T0.AddMinutes(32)));
    }

    [Fact]
    public void APurchaseAfterTheDeadlineCountsForNothing()
    {
        Assert.Equal([false, false, false], Labels(T0.AddMinutes(32).AddTicks(1)));
        Assert.Equal([false, false, false], Labels(T0.AddDays(3)));
    }

    [Fact]
    public void APurchaseAtAnEventsOwnInstantCountsOnlyForTheEventsBeforeIt()
    {
        Assert.Equal([true, false, false], Labels(T0.AddSeconds(60)));
        Assert.Equal([true, true, false], Labels(T0.AddSeconds(60).AddTicks(1)));
    }

    [Fact]
    public void APurchaseBeforeTheSessionOrNoneAtAllMakesEveryEventNegative()
    {
        Assert.Equal([false, false, false], Labels(T0.AddDays(-1)));
        Assert.Equal([false, false, false], Labels(T0));
        Assert.Equal([false, false, false], Labels());
    }

    [Fact]
    public void OnlyTheNewestPurchaseByTheDeadlineDecidesWhateverTheOrderOfTheHistory()
    {
        Assert.Equal([true, true, false], Labels(T0.AddDays(2), T0.AddSeconds(90), T0.AddDays(-1), T0.AddSeconds(30)));
        Assert.Equal(T0.AddSeconds(90), Attribution.Of([new(1, "u-1", 1m, T0.AddSeconds(90)), new(2, "u-1", 1m, T0.AddSeconds(30))], Session[^1]).LatestPurchaseByDeadline);
    }

    [Fact]
    public void TheDefaultWindowIsThirtyMinutes() => Assert.Equal(TimeSpan.FromMinutes(30), PurchaseAttribution.DefaultWindow);
}

using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Monitoring;
using DaprPredictor.Domain.Outcomes;

namespace DaprPredictor.Domain.Tests.Monitoring;

/// <summary>Live labels follow the training label exactly (hand-worked times), inside fixed memory bounds.</summary>
public class SessionGraderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Delay = TimeSpan.FromMinutes(1);

    private readonly List<(double P, bool Outcome)> _graded = [];
    private readonly List<(UngradedReason Reason, int Count)> _ungraded = [];

    private SessionGrader Grader(int maxUsers = 1000, int maxPerSession = 100) =>
        new(new PurchaseAttribution(TimeSpan.FromMinutes(30)), new GradingLimits(maxUsers, maxPerSession, Delay),
            (p, y) => _graded.Add((p, y)), (r, n) => _ungraded.Add((r, n)));

    private static PurchaseRecord Bought(string user, DateTimeOffset at) => new(1, user, 10m, at);

    [Fact]
    public void EventsBeforeAPurchaseAreGradedPositiveWhenItArrivesAndLaterEventsWait()
    {
        var grader = Grader();
        grader.Predicted("u", "s", T0, T0, 0.1);
        grader.Predicted("u", "s", T0.AddMinutes(5), T0.AddMinutes(5), 0.2);
        grader.Purchased(Bought("u", T0.AddMinutes(3)));
        grader.Predicted("u", "s", T0.AddMinutes(6), T0.AddMinutes(6), 0.3);

        Assert.Equal([(0.1, true)], _graded);
        Assert.Equal(2, grader.WaitingPredictions);

        // Deadline: the last event (10:06) + 30 min = 10:36, settled after the 1-minute delay.
        grader.Sweep(T0.AddMinutes(36).Add(Delay).AddTicks(-1));
        Assert.Single(_graded);
        grader.Sweep(T0.AddMinutes(37));
        Assert.Equal([(0.1, true), (0.2, false), (0.3, false)], _graded);
        Assert.Equal(0, grader.TrackedUsers);
    }

    [Fact]
    public void APurchaseAtTheEventsOwnInstantDoesNotCountButOneExactlyAtTheDeadlineDoes()
    {
        var grader = Grader();
        grader.Predicted("a", "s", T0, T0, 0.4);
        grader.Purchased(Bought("a", T0));
        grader.Predicted("b", "s", T0, T0, 0.6);
        grader.Purchased(Bought("b", T0.AddMinutes(30)));

        grader.SettleAll();

        Assert.Equal([(0.6, true), (0.4, false)], _graded);
    }

    [Fact]
    public void APurchaseSeenBeforeAnOutOfOrderEarlierEventStillMakesItPositive()
    {
        var grader = Grader();
        grader.Predicted("u", "s", T0.AddMinutes(10), T0.AddMinutes(10), 0.5);
        grader.Purchased(Bought("u", T0.AddMinutes(12)));
        grader.Predicted("u", "s", T0.AddMinutes(10), T0.AddMinutes(8), 0.7); // late event of the same session

        Assert.Equal([(0.5, true), (0.7, true)], _graded);
    }

    [Fact]
    public void ALongerSessionMovesTheDeadlineSoAPurchaseAfterTheFirstEventsWindowStillCounts()
    {
        var grader = Grader();
        grader.Predicted("u", "s", T0, T0, 0.2);
        grader.Sweep(T0.AddMinutes(20));
        grader.Predicted("u", "s", T0.AddMinutes(25), T0.AddMinutes(25), 0.3);
        grader.Sweep(T0.AddMinutes(32)); // the first event's own deadline has passed, the session's has not
        grader.Purchased(Bought("u", T0.AddMinutes(50)));

        Assert.Equal([(0.2, true), (0.3, true)], _graded);
    }

    [Fact]
    public void TwoSessionsOfOneUserAreGradedByTheirOwnDeadlines()
    {
        var grader = Grader();
        grader.Predicted("u", "s1", T0, T0, 0.1);
        grader.Predicted("u", "s2", T0.AddMinutes(45), T0.AddMinutes(45), 0.9);
        grader.Purchased(Bought("u", T0.AddMinutes(46)));

        // s1's deadline (10:30) passed long before the purchase: negative. s2's event precedes the purchase: positive.
        grader.Sweep(T0.AddMinutes(47));
        Assert.Equal([(0.9, true), (0.1, false)], _graded);
    }

    [Fact]
    public void TrackedUsersAreBoundedAndTheEvictedPredictionsAreCounted()
    {
        var grader = Grader(maxUsers: 3);
        for (var i = 0; i < 5; i++) grader.Predicted($"u{i}", "s", T0.AddSeconds(i), T0.AddSeconds(i), 0.5);

        Assert.Equal(3, grader.TrackedUsers);
        Assert.Equal([(UngradedReason.Evicted, 1), (UngradedReason.Evicted, 1)], _ungraded);
        Assert.Equal(3, grader.WaitingPredictions);
    }

    [Fact]
    public void ASessionHoldsAtMostItsLimitOfWaitingPredictions()
    {
        var grader = Grader(maxPerSession: 2);
        for (var i = 0; i < 4; i++) grader.Predicted("u", "s", T0.AddSeconds(i), T0.AddSeconds(i), 0.5);

        Assert.Equal(2, grader.WaitingPredictions);
        Assert.Equal([(UngradedReason.SessionFull, 1), (UngradedReason.SessionFull, 1)], _ungraded);
    }

    [Fact]
    public void AStreamOfManySessionsKeepsMemoryFlatOnceTheyAreSwept()
    {
        var grader = Grader(maxUsers: 1_000_000);
        for (var i = 0; i < 100_000; i++)
        {
            var at = T0.AddSeconds(i);
            grader.Predicted($"u{i}", "s", at, at, 0.5);
            if (i % 7 == 0) grader.Purchased(Bought($"u{i}", at.AddSeconds(30)));
            if (i % 1000 == 0) grader.Sweep(at);
        }

        // Only the users of the last 31 minutes are still open, plus up to one sweep interval (1,000 s) and the purchases' 30 s.
        Assert.InRange(grader.TrackedUsers, 31 * 60, (31 * 60) + 1000 + 30);
        Assert.Empty(_ungraded);
    }
}

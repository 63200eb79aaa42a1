using System.Text.Json;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Windows;

namespace DaprPredictor.Contracts.Tests;

/// <summary>The window as the Dapr state store holds it: the JSON a deployed feature extractor wrote must still read, and vice versa.</summary>
public class UserStateJsonTests
{
    private static readonly WindowOptions Options = new();

    [Fact]
    public void RecentEventIdsAreStoredAsAnArrayNewestFirst()
    {
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        UserWindow? window = null;
        for (var i = 1; i <= 3; i++) window = WindowRules.Apply(window, new CleanPageView($"e-{i}", "u-1", "s-1", PageType.Home, at.AddSeconds(i), null, null, null), Options).Window;

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(new UserState(window!, null, null), ContractsJsonContext.Default.UserState));

        Assert.Equal(["e-3", "e-2", "e-1"], json.RootElement.GetProperty("window").GetProperty("recentEventIds").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void AStoredWindowReadsBackAndRecognizesItsIds()
    {
        const string Stored = """
            {"window":{"userId":"u-1","sessionId":"s-1","sessionStart":"2026-03-01T12:00:01+00:00","lastEventAt":"2026-03-01T12:00:02+00:00",
            "lastGapSeconds":1,"eventCount":2,"entryPage":0,"pageCounts":[2,0,0,0,0,0,0,0,0],
            "recentPages":[{"page":0,"at":"2026-03-01T12:00:02+00:00"},{"page":0,"at":"2026-03-01T12:00:01+00:00"}],
            "pricedViews":0,"viewedPriceSum":0,"recentEventIds":["e-2","e-1"]},"latestPrediction":null,"sessionOffline":null}
            """;

        var window = JsonSerializer.Deserialize(Stored, ContractsJsonContext.Default.UserState)!.Window;

        Assert.Equal(["e-2", "e-1"], window.RecentEventIds);
        var redelivered = new CleanPageView("e-1", "u-1", "s-1", PageType.Home, window.LastEventAt, null, null, null);
        Assert.Equal(WindowOutcome.Duplicate, WindowRules.Apply(window, redelivered, Options).Outcome);
        var next = new CleanPageView("e-3", "u-1", "s-1", PageType.Home, window.LastEventAt.AddSeconds(1), null, null, null);
        Assert.Equal(["e-3", "e-2", "e-1"], WindowRules.Apply(window, next, Options).Window.RecentEventIds);
    }
}

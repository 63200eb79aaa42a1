using DaprPredictor.Testing;
using DaprPredictor.Testing.Hostile;

namespace DaprPredictor.FeatureExtractor.Tests.Hostile;

/// <summary>
/// Duplicate detection holds for a user's last 32 event ids (the documented bound). A redelivery older than that is
/// scored again, and counted by <c>daprpredictor_events_beyond_dedupe_window_total</c> so that it shows.
/// </summary>
[Collection(AloneCollection.Name)]
public class DedupeWindowTests
{
    [Fact]
    public async Task ARedeliveryAfter32NewerEventsOfItsUserIsScoredAgainAndCountedAsBeyondTheWindow()
    {
        using var app = HostileFeatureExtractor.NewService();
        var events = Enumerable.Range(0, 33).Select(i => CloudEvents.PageView($"e-{i}", "u-dedupe", FeatureExtractorFactory.Now.AddSeconds(i - 40))).ToArray();
        foreach (var e in events) Assert.Equal("SUCCESS", await app.DeliverAsync(CloudEvents.For(e)));

        Assert.Equal("SUCCESS", await app.DeliverAsync(CloudEvents.For(events[1])));
        Assert.Equal("SUCCESS", await app.DeliverAsync(CloudEvents.For(events[0])));

        var metrics = new PrometheusText(await app.CreateClient().GetStringAsync("/metrics"));
        Assert.Equal((34d, 1d), (metrics.Sum("daprpredictor_events_scored_total"), metrics.Sum("daprpredictor_events_duplicates_total")));
        Assert.Equal(1d, metrics.Sum("daprpredictor_events_beyond_dedupe_window_total"));
    }
}

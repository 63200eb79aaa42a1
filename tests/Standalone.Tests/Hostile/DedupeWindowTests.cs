using System.Net;
using DaprPredictor.Embedded;
using DaprPredictor.Testing.Hostile;

namespace DaprPredictor.Standalone.Tests.Hostile;

/// <summary>
/// The documented bound of duplicate detection: a user's last 32 event ids. A resend that comes back after more of the
/// user's events than that is scored again; the metric <c>daprpredictor_events_beyond_dedupe_window_total</c> counts
/// every event that may be such a resend, so that how often the bound is hit shows.
/// </summary>
[Collection(HostileAloneCollection.Name)]
public class DedupeWindowTests(HostileStandalone hosts)
{
    private const string BeyondWindow = "daprpredictor_events_beyond_dedupe_window_total";

    [Fact]
    public async Task AResendAfter32NewerEventsOfItsUserIsScoredAgainAndCountedAsBeyondTheWindow()
    {
        using var host = hosts.NewHost();
        var client = host.CreateClient();
        var seed = hosts.Seed("dedupe");
        var events = Enumerable.Range(0, 33).Select(i => seed with { EventId = $"{seed.EventId}-{i}", Now = seed.Now.AddSeconds(i - 40) }).ToArray();
        foreach (var e in events) Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/predict", JsonBody.Of(e.Bytes()))).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/events", JsonBody.Of(events[1].Bytes()))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/events", JsonBody.Of(events[0].Bytes()))).StatusCode);
        await host.Get<EmbeddedBroker>().WhenIdleAsync(CancellationToken.None);

        var metrics = new PrometheusText(await client.GetStringAsync("/metrics"));
        Assert.Equal((34d, 1d), (metrics.Sum("daprpredictor_events_scored_total"), metrics.Sum("daprpredictor_events_duplicates_total")));
        Assert.Equal(1d, metrics.Sum(BeyondWindow));
    }

    /// <summary>
    /// Eight clients send one user's events, each to <c>POST /predict</c> and at once again to <c>POST /events</c>, whose
    /// queue delivers the copy later, possibly behind more than 32 of the user's newer events. Every copy the window
    /// missed is scored twice; the metric counts at least every such copy.
    /// </summary>
    [Fact]
    public async Task ResendsRacingThroughBothEntriesAreDuplicatesOrCountedAsBeyondTheWindow()
    {
        using var host = hosts.NewHost();
        var client = host.CreateClient();
        var user = hosts.Seed("race");
        const int Clients = 8, PerClient = 25;

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < PerClient; i++)
            {
                var e = user with { EventId = $"{user.EventId}-{c}-{i}", Now = user.Now.AddMilliseconds((i * Clients) + c - (Clients * PerClient)) };
                using var predicted = await client.PostAsync("/predict", JsonBody.Of(e.Bytes()));
                using var queued = await client.PostAsync("/events", JsonBody.Of(e.Bytes()));
                Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Accepted), (predicted.StatusCode, queued.StatusCode));
            }
        })));
        await host.Get<EmbeddedBroker>().WhenIdleAsync(CancellationToken.None);

        var metrics = new PrometheusText(await client.GetStringAsync("/metrics"));
        var (scored, duplicates) = (metrics.Sum("daprpredictor_events_scored_total"), metrics.Sum("daprpredictor_events_duplicates_total"));
        Assert.Equal(2d * Clients * PerClient, scored + duplicates);
        Assert.True(scored - (Clients * PerClient) <= metrics.Sum(BeyondWindow),
            $"{scored - (Clients * PerClient)} resends were scored again, {metrics.Sum(BeyondWindow)} counted as beyond the window");
    }
}

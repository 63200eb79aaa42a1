using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Embedded;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.Pipeline.Seams;
using DaprPredictor.Testing;

namespace DaprPredictor.Standalone.Tests;

/// <summary>
/// The standalone host under the faults its users meet: one user's events arriving many at once through both entries,
/// and the state store failing in the middle of a stream. Nothing may be lost or counted twice.
/// </summary>
[Collection(StandaloneCollection.Name)]
public class FaultTests(StandaloneModel model)
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddMinutes(-2);

    private static string Event(string eventId, string userId, int second) =>
        PageViewJson.Serialize(new PageViewEvent(eventId, userId, "s-1", "/product/p-00001", Rfc3339.Format(Start.AddSeconds(second)), "p-00001", "shoes", 25));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<UserState?> StateAsync(StandaloneHost host, string userId) =>
        (await host.Get<IStateStore>().GetAsync(PageViewProcessor.StateKey(userId), ContractsJsonContext.Default.UserState, CancellationToken.None)).Value;

    /// <summary>POST /predict until it is not 503 (the event was not recorded: sending it again is what a client does).</summary>
    private static async Task<HttpStatusCode> PredictAsync(HttpClient client, string json)
    {
        while (true)
        {
            using var response = await client.PostAsync("/predict", Json(json));
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable) return response.StatusCode;
        }
    }

    [Fact]
    public async Task SixteenConcurrentEventsOfOneUserEachSentToBothEntriesAtOnceLoseNoWindowUpdateAndCountNothingTwice()
    {
        // A scorer that takes a few milliseconds, as a loaded one does: reads and writes of the window interleave.
        using var host = new StandaloneHost(model.Files.Model, StandaloneHost.WithScorer(new SlowScorer(new RecordingScorer())));
        var client = host.CreateClient();
        var events = Enumerable.Range(0, 16).Select(i => Event($"e-{i:D2}", "u-1", i)).ToList();

        // Each event at once through POST /predict (processed inline) and POST /events (queued on the user's partition).
        var predicted = events.Select(e => PredictAsync(client, e)).ToList();
        var queued = events.Select(async e => (await client.PostAsync("/events", Json(e))).StatusCode).ToList();
        var answers = await Task.WhenAll(predicted);
        Assert.All(await Task.WhenAll(queued), status => Assert.Equal(HttpStatusCode.Accepted, status));
        await host.Get<EmbeddedBroker>().WhenIdleAsync(CancellationToken.None);

        // A /predict that lost the race to the queue answers the event's prediction (200) or, if a later one of the
        // user's events is already the latest, 409: either way the event was counted once, as a duplicate.
        Assert.All(answers, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Conflict, status.ToString()));
        Assert.Equal(16, (await StateAsync(host, "u-1"))!.Window.EventCount);
        var c = host.Counts;
        Assert.Equal((16L, 16L, 0L), (c.Scored, c.Duplicates, c.DeadLetteredTotal));
        Assert.Equal(32 + c.Retried, c.Received);
        Assert.Equal(c.Received, c.Settled);
        Assert.True(c.StateConflicts > 0, "the two entries should have raced for the window");
    }

    [Fact]
    public async Task TheStateStoreFailingMidStreamIsRedeliveredByTheBrokerAndLosesNothing()
    {
        // Four consecutive state operations fail: fewer than the broker's five deliveries of one message.
        var store = new FlakyStateStore(new EmbeddedStateStore(TimeProvider.System), failFrom: 10, failCount: 4);
        using var host = new StandaloneHost(model.Files.Model, StandaloneHost.With<IStateStore>(store));
        var client = host.CreateClient();
        var stream = Enumerable.Range(0, 20).Select(i => Event($"e-{i:D2}", $"u-{i % 4}", i));

        var response = await client.PostAsync("/events", Json($"[{string.Join(',', stream)}]"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(20, (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.EventsAccepted))!.Accepted);
        await host.Get<EmbeddedBroker>().WhenIdleAsync(CancellationToken.None);
        Assert.Equal(4, store.Failures);
        for (var u = 0; u < 4; u++) Assert.Equal(5, (await StateAsync(host, $"u-{u}"))!.Window.EventCount);
        var c = host.Counts;
        Assert.Equal((24L, 20L, 0L, 0L, 4L), (c.Received, c.Scored, c.Duplicates, c.DeadLetteredTotal, c.Retried));
        Assert.Equal(c.Received, c.Settled);
    }

    private sealed class SlowScorer(IScorer inner) : IScorer
    {
        public async ValueTask<Score> ScoreAsync(float[] features, CancellationToken cancellationToken)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
            return await inner.ScoreAsync(features, cancellationToken);
        }
    }

    /// <summary>The embedded store, failing <paramref name="failCount"/> operations (gets and saves) from the <paramref name="failFrom"/>th on.</summary>
    private sealed class FlakyStateStore(IStateStore inner, int failFrom, int failCount) : IStateStore
    {
        private int _operations;
        private int _failures;

        public int Failures => Volatile.Read(ref _failures);

        public ValueTask<StateEntry<T>> GetAsync<T>(string key, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
        {
            Fail();
            return inner.GetAsync(key, type, cancellationToken);
        }

        public ValueTask<bool> TrySaveAsync<T>(string key, T value, string? etag, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
        {
            Fail();
            return inner.TrySaveAsync(key, value, etag, ttl, type, cancellationToken);
        }

        public ValueTask SaveAsync<T>(string key, T value, TimeSpan? ttl, JsonTypeInfo<T> type, CancellationToken cancellationToken) where T : class
        {
            Fail();
            return inner.SaveAsync(key, value, ttl, type, cancellationToken);
        }

        private void Fail()
        {
            var n = Interlocked.Increment(ref _operations);
            if (n < failFrom || n >= failFrom + failCount) return;
            Interlocked.Increment(ref _failures);
            throw new IOException($"state store unavailable (operation {n})");
        }
    }
}

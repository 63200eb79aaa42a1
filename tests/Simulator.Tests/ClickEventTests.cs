using System.Text;
using System.Text.Json.Nodes;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;
using DaprPredictor.Simulator.Streams;

namespace DaprPredictor.Simulator.Tests;

public sealed class ClickEventTests
{
    private const string Line = """{"eventId":"e-1","userId":"u-0032402","sessionId":"s-1","page":"/p/p-00042","timestamp":"2026-01-27T09:10:59.004Z","productId":"p-00042","category":"beauty","price":12.5}""";

    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void ALineIsKeyedByItsUserIdAndPublishedByteForByte()
    {
        var bytes = Encoding.UTF8.GetBytes(Line);

        var click = ClickEventReader.FromJson(bytes);

        Assert.Equal("u-0032402", click.PartitionKey);
        Assert.Equal(new DateTimeOffset(2026, 1, 27, 9, 10, 59, 4, TimeSpan.Zero), click.Timestamp);
        Assert.Same(bytes, click.Payload);
    }

    [Fact]
    public void ALineWithoutAUserIdSharesOneKeyAndIsStillPublishedUnchanged()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"eventId":"e-2","page":"/","timestamp":"2026-01-27T09:10:59.004Z"}""");
        var garbage = Encoding.UTF8.GetBytes("not json");

        Assert.Equal(ClickEvent.UnknownUser, ClickEventReader.FromJson(bytes).PartitionKey);
        Assert.Equal(ClickEvent.UnknownUser, ClickEventReader.FromJson(garbage).PartitionKey);
        Assert.Null(ClickEventReader.FromJson(garbage).Timestamp);
        Assert.Same(garbage, ClickEventReader.FromJson(garbage).Payload);
    }

    [Fact]
    public void RebasingMovesTheLatestEventToNowAndKeepsEveryGap()
    {
        var t0 = new DateTimeOffset(2026, 1, 27, 9, 10, 59, 4, TimeSpan.Zero);
        var events = new[] { t0, t0.AddSeconds(5), t0.AddMinutes(65).AddMilliseconds(7) }.Select((at, i) => Click($"u-{i % 2}", at)).ToList();

        var rebase = TimestampRebase.EndingAt(ClickEventReader.Latest(events), Now);
        var moved = events.Select(rebase.Apply).ToList();

        Assert.Equal(Now, moved[^1].Timestamp);
        for (var i = 1; i < events.Count; i++)
        {
            Assert.Equal(events[i].Timestamp - events[i - 1].Timestamp, moved[i].Timestamp - moved[i - 1].Timestamp);
        }

        Assert.All(moved, m => Assert.Equal(Rfc3339.Format(m.Timestamp!.Value), (string?)JsonNode.Parse(m.Payload)!["timestamp"]));
    }

    [Fact]
    public void RebasingRewritesTheTimestampAndNothingElse()
    {
        var click = ClickEventReader.FromJson(Encoding.UTF8.GetBytes(Line));

        var moved = TimestampRebase.EndingAt(click.Timestamp, Now).Apply(click);

        var before = JsonNode.Parse(click.Payload)!.AsObject();
        var after = JsonNode.Parse(moved.Payload)!.AsObject();
        Assert.Equal(before.Select(p => p.Key), after.Select(p => p.Key));
        foreach (var (key, value) in before.Where(p => p.Key != "timestamp"))
        {
            Assert.True(JsonNode.DeepEquals(value, after[key]), $"{key} changed");
        }

        Assert.Equal("2026-11-24T12:00:00.123Z", (string?)after["timestamp"]);
        Assert.Equal(click.PartitionKey, moved.PartitionKey);
    }

    [Fact]
    public void AnEventWithoutAReadableTimestampIsNotTouchedByRebasing()
    {
        var click = ClickEventReader.FromJson(Encoding.UTF8.GetBytes("""{"userId":"u-1","timestamp":"yesterday"}"""));

        Assert.Same(click, new TimestampRebase(TimeSpan.FromDays(3)).Apply(click));
    }

    [Fact]
    public void ARebasedSyntheticStreamIsInTimeOrderAndInsideTheFeatureExtractorsAgeWindow()
    {
        var cleaning = new CleaningOptions();
        var stream = SyntheticClickstream.Generate(users: 300, seed: 42, days: 1).PageViews;

        var rebase = TimestampRebase.EndingAt(ClickEventReader.Latest(stream), Now);
        var moved = stream.Select(rebase.Apply).ToList();

        Assert.NotEmpty(moved);
        Assert.All(moved, m => Assert.StartsWith("u-", m.PartitionKey, StringComparison.Ordinal));
        Assert.Equal(moved.Select(m => m.Timestamp).Order(), moved.Select(m => m.Timestamp));
        Assert.All(moved, m => Assert.InRange(m.Timestamp!.Value, Now - cleaning.MaxEventAge, Now + cleaning.MaxFutureSkew));
    }

    private static ClickEvent Click(string user, DateTimeOffset at) =>
        ClickEventReader.FromEvent(new PageViewEvent(Guid.NewGuid().ToString(), user, "s-" + user, "/", Rfc3339.Format(at)));
}

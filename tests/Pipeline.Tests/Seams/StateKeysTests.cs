using DaprPredictor.Pipeline.Seams;

namespace DaprPredictor.Pipeline.Tests.Seams;

/// <summary>Keys come from a table of recent ones: whatever was composed before, a key is its id's own, with the encoding the rules give.</summary>
public class StateKeysTests
{
    [Theory]
    [InlineData("window", "u-1", "window|u-1")]
    [InlineData("offline", "u-1", "offline|u-1")]
    [InlineData("window", "a|b", "window|a%7Cb")]
    [InlineData("window", "a||b", "window|a%7C%7Cb")]
    [InlineData("window", "100%", "window|100%25")]
    [InlineData("window", "%7C", "window|%257C")]
    public void AnIdIsEncodedOnlyWhereTheRulesSay(string prefix, string id, string key)
    {
        Assert.Equal(key, StateKeys.Compose(prefix, id));
        Assert.Equal(key, StateKeys.Compose(prefix, id));
    }

    [Fact]
    public void ManyIdsAndBothPrefixesComposedAgainAndAgainKeepTheirOwnKeys()
    {
        // More ids than the table has slots, so slots are shared and replaced; each asked for several times, interleaved.
        var ids = Enumerable.Range(0, 20_000).Select(i => i % 7 == 0 ? $"u|{i}" : $"u-{i}").ToArray();
        var random = new Random(5);
        for (var round = 0; round < 100_000; round++)
        {
            var id = ids[random.Next(ids.Length)];
            var prefix = random.Next(2) == 0 ? "window" : "offline";
            var expected = prefix + "|" + id.Replace("|", "%7C", StringComparison.Ordinal);

            Assert.Equal(expected, StateKeys.Compose(prefix, new string(id.AsSpan())));
        }
    }
}

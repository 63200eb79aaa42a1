using DaprPredictor.Domain.Events;

namespace DaprPredictor.Domain.Tests;

public class Rfc3339Tests
{
    [Theory]
    [InlineData("2026-03-01T12:00:00Z", 0)]
    [InlineData("2026-03-01t12:00:00z", 0)]
    [InlineData("2026-03-01T12:00:00.250Z", 250)]
    [InlineData("2026-03-01T14:00:00+02:00", 0)]
    [InlineData("2026-03-01T07:00:00.5-05:00", 500)]
    public void ValidTimestampsParseToTheSameInstant(string text, int milliseconds)
    {
        Assert.True(Rfc3339.TryParse(text, out var value));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, milliseconds, TimeSpan.Zero), value);
    }

    [Fact]
    public void FormattedTimestampsRoundTrip()
    {
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);

        Assert.Equal("2026-03-01T12:00:00.123Z", Rfc3339.Format(at));
        Assert.True(Rfc3339.TryParse(Rfc3339.Format(at), out var back));
        Assert.Equal(at, back);
    }
}

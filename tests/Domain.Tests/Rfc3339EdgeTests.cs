namespace DaprPredictor.Domain.Tests;

public class Rfc3339EdgeTests
{
    /// <summary>Against .NET's exact parser on the forms both can read: the same acceptance and the same instant and offset.</summary>
    [Theory]
    [InlineData("2026-03-01T12:00:00.1234567Z")]
    [InlineData("2026-02-29T12:00:00Z")]
    [InlineData("2024-02-29T12:00:00Z")]
    [InlineData("2026-13-01T12:00:00Z")]
    [InlineData("2026-03-01T24:00:00Z")]
    [InlineData("2026-03-01T12:60:00Z")]
    [InlineData("2026-03-01T12:00:60Z")]
    [InlineData("2026-03-01T12:00:00+14:00")]
    [InlineData("2026-03-01T12:00:00+14:01")]
    [InlineData("2026-03-01T12:00:00-23:59")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("2026-12-31T23:59:59Z")]
    [InlineData("2026-03-01T12:00:00+01:59")]
    public void ParsingAgreesWithTheExactParser(string text)
    {
        var general = DateTimeOffset.TryParseExact(
            text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var expected);

        Assert.Equal(general, DaprPredictor.Domain.Events.Rfc3339.TryParse(text, out var actual));
        if (general) Assert.Equal((expected, expected.Offset), (actual, actual.Offset));
    }

    [Fact]
    public void NanosecondTimestampsAsGoWritesThemAreReadToTheTick()
    {
        Assert.True(DaprPredictor.Domain.Events.Rfc3339.TryParse("2026-03-01T12:00:00.123456789Z", out var value));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567), value);
    }

    [Fact]
    public void AFractionOfAnyLengthUpToTheSixtyFourCharacterLimitIsRead()
    {
        Assert.True(DaprPredictor.Domain.Events.Rfc3339.TryParse("2026-03-01T12:00:00.1234567890123456789012345678901234567890123Z", out var value));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567), value);
    }

    [Theory]
    [InlineData("2026-03-01T12:00:00.Z")]
    [InlineData("2026-03-01T12:00:00+0100")]
    [InlineData("2026-03-01 12:00:00Z")]
    [InlineData("2026-3-01T12:00:00Z")]
    [InlineData("2026-03-01T12:00:00")]
    [InlineData("2026-03-01T12:00:00.5+01:00x")]
    [InlineData("2026/03-01T12:00:00Z")]
    [InlineData("2026-03/01T12:00:00Z")]
    [InlineData("2026-03-01T12:00:00.123")]
    [InlineData("2026-03-01T12:00:00Zjunk")]
    [InlineData("2026-03-01T12:00:00+01:60")]
    [InlineData("2026-03-01T12:00:00.12345678901234567890123456789012345678901234Z")] // 65 characters
    public void MalformedTimestampsAreRefused(string text) =>
        Assert.False(DaprPredictor.Domain.Events.Rfc3339.TryParse(text, out _));
}

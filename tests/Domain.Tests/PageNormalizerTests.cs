using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;

namespace DaprPredictor.Domain.Tests;

public class PageNormalizerTests
{
    [Theory]
    [InlineData("/", PageType.Home)]
    [InlineData("", PageType.Home)]
    [InlineData("https://shop.example.com", PageType.Home)]
    [InlineData("/index.html", PageType.Home)]
    [InlineData("/search?q=red+shoes", PageType.Search)]
    [InlineData("/s?k=lamp", PageType.Search)]
    [InlineData("/category/shoes", PageType.Category)]
    [InlineData("/c/garden#top", PageType.Category)]
    [InlineData("/product/p-00001", PageType.Product)]
    [InlineData("https://shop.example.com/products/p-1?ref=rec", PageType.Product)]
    [InlineData("  /P/sku-9  ", PageType.Product)]
    [InlineData("product_detail", PageType.Product)]
    [InlineData("/basket", PageType.Cart)]
    [InlineData("/checkout/payment", PageType.Checkout)]
    [InlineData("/login", PageType.Account)]
    [InlineData("/faq", PageType.Help)]
    [InlineData("/blog/2026/summer", PageType.Other)]
    [InlineData("/productivity-tips", PageType.Other)]
    public void PagesAreNormalizedOntoTheFixedVocabulary(string raw, PageType expected) =>
        Assert.Equal(expected, PageNormalizer.Normalize(raw));
}

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

    [Theory]
    [InlineData("2026-03-01T12:00:00.Z")]
    [InlineData("2026-03-01T12:00:00+0100")]
    [InlineData("2026-03-01 12:00:00Z")]
    [InlineData("2026-3-01T12:00:00Z")]
    [InlineData("2026-03-01T12:00:00")]
    [InlineData("2026-03-01T12:00:00.5+01:00x")]
    public void MalformedTimestampsAreRefused(string text) =>
        Assert.False(DaprPredictor.Domain.Events.Rfc3339.TryParse(text, out _));
}

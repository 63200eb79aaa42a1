using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;

namespace DaprPredictor.Domain.Tests;

public class CleaningTests
{
    private static readonly CleaningOptions Options = new();

    /// <summary>
    /// Invalid events for the reasons the cleaner gives. That every reason is produced by some real input is proven end
    /// to end (Standalone.Tests, RejectReasonCoverageTests).
    /// </summary>
    public static TheoryData<RejectReason, PageViewEvent> InvalidEvents => new()
    {
        { RejectReason.MissingEventId, Events.Valid() with { EventId = null } },
        { RejectReason.MissingEventId, Events.Valid() with { EventId = "  " } },
        { RejectReason.EventIdTooLong, Events.Valid() with { EventId = new string('e', 129) } },
        { RejectReason.MissingUserId, Events.Valid() with { UserId = null } },
        { RejectReason.UserIdTooLong, Events.Valid() with { UserId = new string('u', 129) } },
        { RejectReason.MissingSessionId, Events.Valid() with { SessionId = "" } },
        { RejectReason.SessionIdTooLong, Events.Valid() with { SessionId = new string('s', 129) } },
        { RejectReason.InvalidIdCharacters, Events.Valid() with { UserId = "u 1" } },
        { RejectReason.InvalidIdCharacters, Events.Valid() with { EventId = "e\u00001" } },
        { RejectReason.InvalidIdCharacters, Events.Valid() with { UserId = "u\u200B1" } },
        { RejectReason.InvalidIdCharacters, Events.Valid() with { UserId = "u\u202E1" } },
        { RejectReason.InvalidIdCharacters, Events.Valid() with { SessionId = "\uFEFFs" } },
        { RejectReason.InvalidIdCharacters, Events.Valid() with { EventId = "e\uFFFF" } },
        { RejectReason.InvalidIdCharacters, Events.Valid() with { EventId = "e\uFDD0" } },
        { RejectReason.InvalidIdCharacters, Events.Valid() with { UserId = "u\uD800" } },
        { RejectReason.InvalidIdCharacters, Events.Valid() with { UserId = "u\uDC00\uD800" } },
        { RejectReason.MissingPage, Events.Valid() with { Page = null } },
        { RejectReason.PageTooLong, Events.Valid() with { Page = "/" + new string('x', 2048) } },
        { RejectReason.MissingTimestamp, Events.Valid() with { Timestamp = null } },
        { RejectReason.InvalidTimestamp, Events.Valid() with { Timestamp = "yesterday" } },
        { RejectReason.InvalidTimestamp, Events.Valid() with { Timestamp = "2026-03-01 12:00:00" } },
        { RejectReason.InvalidTimestamp, Events.Valid() with { Timestamp = "2026-03-01T12:00:00" } },
        { RejectReason.InvalidTimestamp, Events.Valid() with { Timestamp = "2026-02-30T12:00:00Z" } },
        { RejectReason.TimestampInFuture, Events.Valid(at: Events.Now.AddMinutes(6)) },
        { RejectReason.TimestampTooOld, Events.Valid(at: Events.Now.AddDays(-8)) },
        { RejectReason.NonFinitePrice, Events.Valid(price: double.NaN) },
        { RejectReason.NonFinitePrice, Events.Valid(price: double.PositiveInfinity) },
        { RejectReason.NegativePrice, Events.Valid(price: -0.01) },
        { RejectReason.PriceOutOfRange, Events.Valid(price: 1e39) },
        { RejectReason.PriceOutOfRange, Events.Valid(price: 1e308) },
        { RejectReason.PriceOutOfRange, Events.Valid(price: 1e10 + 1) },
        { RejectReason.ProductIdTooLong, Events.Valid() with { ProductId = new string('p', 129) } },
        { RejectReason.CategoryTooLong, Events.Valid() with { Category = new string('c', 129) } },
    };

    [Theory]
    [MemberData(nameof(InvalidEvents))]
    public void InvalidEventIsRejectedWithItsReasonAndAnExplanation(RejectReason expected, PageViewEvent raw)
    {
        var result = PageViewCleaner.Clean(raw, Events.Now, Options);

        Assert.False(result.IsValid);
        Assert.Equal(expected, result.Rejection!.Reason);
        Assert.False(string.IsNullOrWhiteSpace(result.Rejection.Detail));
    }

    [Fact]
    public void ValidEventIsCleanedWithItsPageNormalizedAndTimestampParsed()
    {
        var result = PageViewCleaner.Clean(Events.Valid(page: "https://shop.example.com/Products/p-9?ref=ad"), Events.Now, Options);

        var clean = Assert.IsType<CleanPageView>(result.Event);
        Assert.Equal(PageType.Product, clean.Page);
        Assert.Equal(Events.Now, clean.Timestamp);
        Assert.Equal(19.99, clean.Price);
    }

    [Fact]
    public void TimestampSkewAndAgeLimitsComeFromOptions()
    {
        var lenient = new CleaningOptions { MaxFutureSkew = TimeSpan.FromHours(1), MaxEventAge = TimeSpan.FromDays(30) };

        Assert.True(PageViewCleaner.Clean(Events.Valid(at: Events.Now.AddMinutes(59)), Events.Now, lenient).IsValid);
        Assert.True(PageViewCleaner.Clean(Events.Valid(at: Events.Now.AddDays(-29)), Events.Now, lenient).IsValid);
    }

    [Fact]
    public void HistoricalDataWithoutAClockSkipsOnlyTheClockChecks()
    {
        Assert.True(PageViewCleaner.Clean(Events.Valid(at: Events.Now.AddYears(-3)), now: null, Options).IsValid);
        Assert.Equal(RejectReason.MissingUserId, PageViewCleaner.Clean(Events.Valid() with { UserId = null }, now: null, Options).Rejection!.Reason);
    }

    [Fact]
    public void ValuesExactlyAtTheLimitsAreAccepted()
    {
        var atLimits = Events.Valid(eventId: new string('e', 128), userId: new string('u', 128), sessionId: new string('s', 128), page: "/" + new string('x', 2047), price: 0);

        var clean = Assert.IsType<CleanPageView>(PageViewCleaner.Clean(atLimits, Events.Now, Options).Event);
        Assert.Equal(0, clean.Price);
    }

    [Theory]
    [InlineData("eventId")]
    [InlineData("userId")]
    [InlineData("sessionId")]
    public void AMissingIdIsNamedInTheExplanation(string field)
    {
        var raw = field switch { "eventId" => Events.Valid() with { EventId = null }, "userId" => Events.Valid() with { UserId = null }, _ => Events.Valid() with { SessionId = null } };

        Assert.StartsWith(field + " is required", PageViewCleaner.Clean(raw, Events.Now, Options).Rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void BlankProductAndCategoryAreAbsentAndGivenOnesAreKept()
    {
        var blank = PageViewCleaner.Clean(Events.Valid() with { ProductId = "  ", Category = "" }, Events.Now, Options).Event!.Value;
        var given = PageViewCleaner.Clean(Events.Valid(), Events.Now, Options).Event!.Value;

        Assert.Equal((null, null), (blank.ProductId, blank.Category));
        Assert.Equal(("p-1", "shoes"), (given.ProductId, given.Category));
    }

    [Fact]
    public void ALongInvalidTimestampIsQuotedTruncated()
    {
        var detail = PageViewCleaner.Clean(Events.Valid() with { Timestamp = new string('9', 100) }, Events.Now, Options).Rejection!.Detail;

        Assert.Contains($"'{new string('9', 64)}…'", detail, StringComparison.Ordinal);
        Assert.Contains($"'{new string('9', 64)}'", PageViewCleaner.Clean(Events.Valid() with { Timestamp = new string('9', 64) }, Events.Now, Options).Rejection!.Detail, StringComparison.Ordinal);
        Assert.Contains("'yesterday'", PageViewCleaner.Clean(Events.Valid() with { Timestamp = "yesterday" }, Events.Now, Options).Rejection!.Detail, StringComparison.Ordinal);
    }
}

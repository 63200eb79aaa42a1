using DaprPredictor.Domain.Cleaning;

namespace DaprPredictor.Contracts.Tests;

/// <summary>Reading wire events: JSON faults are rejections with a reason, never exceptions.</summary>
public class PageViewJsonTests
{
    private static readonly CleaningOptions Options = new();

    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("""{"eventId":"e","userId":5}""", "$.userId")]
    [InlineData("""{"eventId":"e",""", null)]
    [InlineData("""[1,2]""", null)]
    [InlineData("""null""", null)]
    public void UnreadableJsonIsRejectedAsMalformed(string json, string? path)
    {
        Assert.False(PageViewJson.TryParse(System.Text.Encoding.UTF8.GetBytes(json), out _, out var rejection));
        Assert.Equal(RejectReason.MalformedJson, rejection!.Reason);
        if (path is not null) Assert.Contains(path, rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFieldsAreToleratedAndNamedNumbersReachTheCleaner()
    {
        var json = """{"eventId":"e-1","userId":"u-1","sessionId":"s-1","page":"/","timestamp":"2026-03-01T12:00:00Z","price":"NaN","referrer":"x","nested":{"a":[1]}}"""u8;

        Assert.True(PageViewJson.TryParse(json, out var raw, out _));
        Assert.Equal(RejectReason.NonFinitePrice, PageViewCleaner.Clean(raw!, Now, Options).Rejection!.Reason);
    }

    [Fact]
    public void ReasonCodesAreKebabCaseOnTheWire()
    {
        Assert.Equal("missing-user-id", RejectReason.MissingUserId.Code());
        Assert.Equal("\"late-event\"", System.Text.Json.JsonSerializer.Serialize(RejectReason.LateEvent, ContractsJsonContext.Default.Options));
    }
}

using System.Text;
using System.Text.Json;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;

namespace DaprPredictor.Contracts.Tests;

/// <summary>
/// The reader's plain-payload path gives exactly what the serializer gives: the same event for everything it reads, and
/// for everything else the serializer's own answer, error wording included.
/// </summary>
public class PageViewJsonFastPathTests
{
    private const string Plain = """{"eventId":"e-1","userId":"u-1","sessionId":"s-1","page":"/product/p-1","timestamp":"2026-03-01T12:00:00.250Z","productId":"p-1","category":"shoes","price":19.99}""";

    public static TheoryData<string> Payloads() =>
    [
        Plain,
        """{"eventId":"e-1","userId":"u-1","sessionId":"s-1","page":"/","timestamp":"2026-03-01T12:00:00Z"}""",
        """{ "price" : 1e3 , "timestamp":"2026-03-01T12:00:00Z", "page":"/", "sessionId":"s-1","userId":"u-1","eventId":"e-1" }""",
        """{"eventId":null,"userId":null,"sessionId":null,"page":null,"timestamp":null,"productId":null,"category":null,"price":null}""",
        """{"eventId":"e\u002d1","userId":"u-\u00e9","sessionId":"s-1","page":"/search?q=a\"b","timestamp":"2026-03-01T12:00:00Z"}""",
        """{"eventId":"e-1","EventId":"e-2","userId":"u-1"}""",
        """{"EVENTID":"e-1","userId":"u-1"}""",
        """{"eventId":"e-1","eventId":"e-2"}""",
        """{"e\u0076entId":"e-1"}""",
        """{"eventId":"e-1","referrer":"x","nested":{"a":[1]}}""",
        """{"eventId":"e-1","price":"NaN"}""",
        """{"eventId":"e-1","price":"-Infinity"}""",
        """{"eventId":"e-1","price":1e400}""",
        """{"eventId":"e-1","price":-0}""",
        """{"eventId":"e-1","price":"12"}""",
        """{"eventId":5}""",
        """{"eventId":"e-1","userId":{"id":1}}""",
        """{"eventId":"e-1","userId":["u"]}""",
        """{"eventId":"e-1"} trailing""",
        """{"eventId":"e-1"}{}""",
        """{"eventId":"e-1",}""",
        """{"eventId":"e-1" /* note */}""",
        """{"eventId":"e-1\""",
        """{}""",
        """[]""",
        """null""",
        """ "just a string" """,
        "",
        "   \n\t ",
        "{\"eventId\":\"e-1\",\"userId\":\"u\tone\"}",
    ];

    [Theory]
    [MemberData(nameof(Payloads))]
    public void EveryPayloadReadsAsTheSerializerReadsIt(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);

        var ok = PageViewJson.TryParse(utf8, out var value, out var rejection);

        var (expected, expectedRejection) = Serializer(utf8);
        Assert.Equal(expected, value);
        Assert.Equal(expectedRejection, rejection);
        Assert.Equal(expectedRejection is null, ok);
    }

    public static TheoryData<string> Timestamps() =>
    [
        "2026-03-01T12:00:00.250Z",
        "2026-03-01T12:00:00+01:00",
        "2026-03-01T12:00:00.1234567891234Z",
        "2026-03-01T12:00:00." + new string('1', 42) + "Z",
        "2026-03-01T12:00:00." + new string('1', 43) + "Z",
        "2026-03-01T12:00:00." + new string('9', 80) + "Z",
        "2026-03-01T12:00:00\\u002E25Z",
        "2026-03-01T12:00:00Z\u00A0",
        "2026-03-01T12:00:00Z\\u00A0",
        "2026-03-01T12:00:00Zé",
        "2026-03-01 12:00:00Z",
        "2026-02-30T12:00:00Z",
        "",
        "   ",
        "\\u00A0",
        "\\t",
    ];

    /// <summary>
    /// The pipeline cleans the members as read, its timestamp copied into a buffer rather than made a string: every
    /// timestamp (in the buffer, too long for it, escaped, not ASCII, blank, absent, null) is judged exactly as the
    /// serializer's event is.
    /// </summary>
    [Theory]
    [MemberData(nameof(Timestamps))]
    public void MembersCleanedAsReadAreJudgedAsTheSerializersEventIs(string timestamp)
    {
        var now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var options = new CleaningOptions();
        string[] payloads =
        [
            $$"""{"eventId":"e-1","userId":"u-1","sessionId":"s-1","page":"/product/p-1","timestamp":"{{timestamp}}","price":5}""",
            $$"""{"timestamp":"{{timestamp}}","eventId":"e-1","userId":"u-1","sessionId":"s-1","page":"/","unknown":1}""",
            """{"eventId":"e-1","userId":"u-1","sessionId":"s-1","page":"/","timestamp":null}""",
            """{"eventId":"e-1","userId":"u-1","sessionId":"s-1","page":"/"}""",
        ];

        Span<char> buffer = stackalloc char[Rfc3339.MaxLength];
        foreach (var json in payloads)
        {
            var utf8 = Encoding.UTF8.GetBytes(json);

            Assert.True(PageViewJson.TryParse(utf8, buffer, out var fields, out var rejection));
            Assert.Null(rejection);
            var asRead = PageViewCleaner.Clean(fields, now, options);

            var expected = PageViewCleaner.Clean(Serializer(utf8).Value!, now, options);
            Assert.Equal(expected.Event, asRead.Event);
            Assert.Equal(expected.Rejection, asRead.Rejection);
            Assert.Equal(Serializer(utf8).Value, fields.ToEvent());
        }
    }

    /// <summary>
    /// Ids, pages, products and categories come from a table of recent values (their bytes decoded once): whatever was
    /// read before, including values that share a slot and values that are not ASCII, each read is the serializer's.
    /// </summary>
    [Fact]
    public void RecurringValuesReadAsTheSerializerReadsThemWhateverWasReadBefore()
    {
        var random = new Random(9);
        string Pick(string kind, int count) => random.Next(10) == 0 ? $"{kind}-é{random.Next(count)}" : $"{kind}-{random.Next(count)}";
        for (var i = 0; i < 40_000; i++)
        {
            var e = new PageViewEvent($"e-{i}", Pick("u", 30_000), Pick("s", 30_000), "/p/" + Pick("p", 500), "2026-03-01T12:00:00Z", Pick("p", 500), Pick("c", 20), 9.5);

            // Written by hand: the serializer would escape the non-ASCII letters, and the table keeps only unescaped values.
            var utf8 = Encoding.UTF8.GetBytes($$"""{"eventId":"{{e.EventId}}","userId":"{{e.UserId}}","sessionId":"{{e.SessionId}}","page":"{{e.Page}}","timestamp":"{{e.Timestamp}}","productId":"{{e.ProductId}}","category":"{{e.Category}}","price":9.5}""");

            Assert.True(PageViewJson.TryParse(utf8, out var value, out _));
            Assert.Equal(e, value);
            Assert.Equal(Serializer(utf8).Value, value);
        }
    }

    /// <summary>
    /// Bytes that are not UTF-8 are refused before either path reads them: the serializer only notices them in a string
    /// it decodes, so in a field it skips (or an overlong form) they would otherwise pass.
    /// </summary>
    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    public void BytesThatAreNotUtf8AreRefusedBeforeEitherPathReadsThem(byte[] bad)
    {
        byte[] inAValue = [.. "{\"eventId\":\""u8, .. bad, .. "\"}"u8];
        byte[] inASkippedField = [.. "{\"eventId\":\"e\",\"x\":\""u8, .. bad, .. "\"}"u8];

        Assert.False(PageViewJson.TryParse(inAValue, out _, out var rejection));
        Assert.Equal((RejectReason.MalformedJson, "the text is not UTF-8: byte 0x" + bad[0].ToString("X2", System.Globalization.CultureInfo.InvariantCulture) + " at offset 12 begins no valid sequence."), (rejection!.Reason, rejection.Detail));
        Assert.Null(Serializer(inASkippedField).Rejection);
        Assert.False(PageViewJson.TryParse(inASkippedField, out _, out _));
    }

    /// <summary>What the serializer alone makes of a payload, as TryParse words it.</summary>
    private static (PageViewEvent? Value, Rejection? Rejection) Serializer(byte[] utf8)
    {
        try
        {
            var value = JsonSerializer.Deserialize(utf8, ContractsJsonContext.Default.PageViewEvent);
            return (value, value is null ? new Rejection(RejectReason.MalformedJson, "the event is JSON null, not an object.") : null);
        }
        catch (JsonException ex)
        {
            return (null, new Rejection(RejectReason.MalformedJson, JsonErrors.Describe(ex)));
        }
    }
}

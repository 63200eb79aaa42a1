using System.Text;

namespace DaprPredictor.Testing.Hostile;

/// <summary>
/// The hostile page views: broken encodings, broken JSON, numbers and times at and beyond their ranges, ids meant to
/// spoof, inject or traverse, and sizes meant to exhaust. Each is sent through every entry that takes a page view
/// (standalone <c>POST /events</c> alone and inside a batch, <c>POST /predict</c> of both hosts, the feature extractor's
/// subscription as data, as data_base64 and written raw into the envelope).
/// </summary>
public static class HostileEvents
{
    public const string MalformedJson = "malformed-json";
    public const string InvalidCloudEvent = "invalid-cloud-event";
    public const string InvalidIdCharacters = "invalid-id-characters";
    public const string InvalidTimestamp = "invalid-timestamp";
    public const string PayloadTooLarge = "payload-too-large";
    public const string PriceOutOfRange = "price-out-of-range";

    public static IReadOnlyList<HostileEvent> All { get; } = Build();

    public static HostileEvent Named(string name) => All.Single(c => c.Name == name);

    public static IEnumerable<string> Names => All.Select(c => c.Name);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static HostileEvent Bad(string name, string reason, Func<EventSeed, byte[]> build, string? inEnvelope = null) => new(name, reason, WellFormed: true, build, inEnvelope);

    /// <summary>Valid UTF-8 and valid JSON, with a value the cleaning must refuse.</summary>
    private static HostileEvent Field(string name, string reason, string member, string jsonValue) => Bad(name, reason, s => s.Bytes((member, jsonValue)));

    /// <summary>Bytes that are not UTF-8 inside a string: the JSON text is invalid, so is an envelope that carries them.</summary>
    private static HostileEvent NotUtf8(string name, string member, string before, params byte[] raw) =>
        Bad(name, MalformedJson, s => s.WithRawBytes(member, before, raw, "-x"), InvalidCloudEvent);

    private static HostileEvent Broken(string name, Func<EventSeed, byte[]> build) => new(name, MalformedJson, WellFormed: false, build);

    private static HostileEvent Valid(string name, Func<EventSeed, byte[]> build) => new(name, null, WellFormed: true, build);

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    private static IReadOnlyList<HostileEvent> Build() =>
    [
        // Encodings the JSON text must be refused for: it is UTF-8 or it is not JSON (RFC 8259 §8.1).
        NotUtf8("invalid UTF-8 in a value (FF in the page)", "page", "/product/p-", 0xFF),
        Bad("invalid UTF-8 in a key", MalformedJson, s => [.. Utf8(s.Json()[..^1] + ",\"x"), 0xFE, .. Utf8("y\":1}")], InvalidCloudEvent),
        NotUtf8("invalid UTF-8 in the user id (C3 28)", "userId", "u-", 0xC3, 0x28),
        NotUtf8("a lone continuation byte (80) in the session id", "sessionId", "s-", 0x80),
        NotUtf8("a multi-byte sequence cut short (E2 82) in the category", "category", "shoes", 0xE2, 0x82),
        NotUtf8("an overlong slash (C0 AF) in the page", "page", "/product/..", 0xC0, 0xAF),
        NotUtf8("an overlong quote (C0 A2) in the user id", "userId", "u-", 0xC0, 0xA2),
        NotUtf8("an overlong NUL (C0 80) in the event id", "eventId", "e-", 0xC0, 0x80),
        NotUtf8("a CESU-8 surrogate pair (ED A0 BD ED B8 80) in the user id", "userId", "u-", 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80),
        NotUtf8("a code point above U+10FFFF (F4 90 80 80) in the product id", "productId", "p-", 0xF4, 0x90, 0x80, 0x80),

        // Escapes that decode to text no UTF-16 string can hold.
        Field("an escaped lone high surrogate in the user id", MalformedJson, "userId", "\"u-\\ud800\""),
        Field("an escaped lone low surrogate in the page", MalformedJson, "page", "\"/p\\udc00\""),
        Field("escaped surrogates in the wrong order in the session id", MalformedJson, "sessionId", "\"s\\udc00\\ud800\""),
        Valid("an escaped lone surrogate in a field nobody reads", s => s.Bytes(("referrer", "\"\\ud800\""))),

        // Byte order marks, invisible and look-alike characters in ids (look-alike users, log spoofing).
        Broken("a byte order mark before the event", s => [0xEF, 0xBB, 0xBF, .. s.Bytes()]),
        Field("a byte order mark inside the user id", InvalidIdCharacters, "userId", "\"u-\uFEFF1\""),
        Field("a zero-width space in the user id", InvalidIdCharacters, "userId", "\"u-\u200B1\""),
        Field("a zero-width joiner in the event id", InvalidIdCharacters, "eventId", "\"e-\u200D1\""),
        Field("a right-to-left override in the user id", InvalidIdCharacters, "userId", "\"u-\u202E1gpj.exe\""),
        Field("a left-to-right isolate in the session id", InvalidIdCharacters, "sessionId", "\"s-\u20661\""),
        Field("the noncharacter U+FFFF in the session id", InvalidIdCharacters, "sessionId", "\"s-\uFFFF\""),
        Field("an escaped NUL in the user id", InvalidIdCharacters, "userId", "\"u-\\u0000\""),
        Field("an escaped line feed in the event id", InvalidIdCharacters, "eventId", "\"e-1\\nINFO forged log line\""),
        Field("DEL (7F) in the user id", InvalidIdCharacters, "userId", "\"u-\u007F\""),
        Field("a line separator (U+2028) in the user id", InvalidIdCharacters, "userId", "\"u-\u20281\""),
        Field("an ideographic space in the user id", InvalidIdCharacters, "userId", "\"u-\u30001\""),
        Broken("a raw control character (01) inside a string", s => s.WithRawBytes("userId", "u-", [0x01])),

        // Not one JSON object.
        Broken("an empty body", _ => []),
        Broken("only whitespace", _ => Utf8(" \r\n\t ")),
        Bad("JSON null", MalformedJson, _ => Utf8("null")),
        Bad("a number instead of an event", MalformedJson, _ => Utf8("42")),
        Bad("a string instead of an event", MalformedJson, s => Utf8(EventSeed.Quote(s.Json()))),
        Broken("truncated JSON", s => Utf8(s.Json()[..40])),
        Broken("garbage after the event", s => Utf8(s.Json() + " x")),
        Broken("two events back to back", s => Utf8(s.Json() + s.Json())),
        Broken("a comment before the event", s => Utf8("/* hi */" + s.Json())),
        Broken("a trailing comma", s => Utf8(s.Json()[..^1] + ",}")),
        Broken("single-quoted strings", s => Utf8(s.Json().Replace('"', '\''))),
        Broken("an unquoted NaN price", s => s.Bytes(("price", "NaN"))),
        Bad("nesting 10,000 deep in a field", MalformedJson, s => s.Bytes(("extra", Nested(10_000))), InvalidCloudEvent),
        Broken("an unclosed nesting 50,000 deep", _ => Utf8(new string('[', 50_000))),
        Field("the user id twice", MalformedJson, "userId", "\"u-a\",\"userId\":\"u-b\""),
        Field("the user id twice, differing in case", MalformedJson, "userId", "\"u-a\",\"UserId\":\"u-b\""),
        Field("a number where the user id belongs", MalformedJson, "userId", "42"),
        Field("an object where the page belongs", MalformedJson, "page", "{\"path\":\"/\"}"),
        Field("an array where the event id belongs", MalformedJson, "eventId", "[\"e-1\"]"),
        Field("the price as a string", MalformedJson, "price", "\"19.99\""),
        Field("a timestamp as epoch seconds", MalformedJson, "timestamp", "1772366400"),

        // Numbers at and beyond their ranges: a price must stay finite through the float the model reads.
        Field("a price of 1e39, above float's range", PriceOutOfRange, "price", "1e39"),
        Field("a price of 1e308", PriceOutOfRange, "price", "1e308"),
        Field("a price of 1e400, above double's range (read as infinity)", "non-finite-price", "price", "1e400"),
        Field("a price written as the NaN literal string", "non-finite-price", "price", "\"NaN\""),
        Field("a price written as the -Infinity literal string", "non-finite-price", "price", "\"-Infinity\""),
        Field("a negative price", "negative-price", "price", "-0.01"),
        Valid("a price of negative zero", s => s.Bytes(("price", "-0"))),
        Valid("a price with 400 digits after the point", s => s.Bytes(("price", "1." + new string('5', 400)))),

        // Timestamps at the extremes and without a zone.
        Field("a timestamp without a zone", InvalidTimestamp, "timestamp", "\"2026-03-01T12:00:00\""),
        Field("a date without a time", InvalidTimestamp, "timestamp", "\"2026-03-01\""),
        Field("a leap second", InvalidTimestamp, "timestamp", "\"2026-03-01T23:59:60Z\""),
        Field("the 30th of February", InvalidTimestamp, "timestamp", "\"2026-02-30T12:00:00Z\""),
        Field("an offset of +25:00", InvalidTimestamp, "timestamp", "\"2026-03-01T12:00:00+25:00\""),
        Field("the first instant of year 1 in a later zone", InvalidTimestamp, "timestamp", "\"0001-01-01T00:00:00+01:00\""),
        Field("the first instant of year 1", "timestamp-too-old", "timestamp", "\"0001-01-01T00:00:00Z\""),
        Field("the last second of year 9999", "timestamp-in-future", "timestamp", "\"9999-12-31T23:59:59Z\""),
        Field("the last second of year 9999 in an earlier zone", InvalidTimestamp, "timestamp", "\"9999-12-31T23:59:59-01:00\""),
        Bad("a timestamp of 60,000 characters", InvalidTimestamp, s => s.Bytes(("timestamp", "\"" + new string('9', 60_000) + "\""))),

        // Ids shaped to inject or traverse: valid data, scored, kept apart and never interpreted.
        Valid("an SQL-shaped user id", s => s.Bytes(("userId", EventSeed.Quote(s.UserId + "';DROP/**/TABLE/**/purchases;--")))),
        Field("an SQL-shaped user id with spaces", InvalidIdCharacters, "userId", "\"' OR '1'='1\""),
        Valid("a path-shaped user id", s => s.Bytes(("userId", EventSeed.Quote("../../" + s.UserId + "/etc/passwd")))),
        Valid("a user id with a percent-encoded slash", s => s.Bytes(("userId", EventSeed.Quote(s.UserId + "%2F..%2F")))),
        Valid("a user id with Dapr's key separator", s => s.Bytes(("userId", EventSeed.Quote(s.UserId + "||x")))),
        Field("an empty user id", "missing-user-id", "userId", "\"\""),
        Bad("a user id of 10,000 characters", "user-id-too-long", s => s.Bytes(("userId", "\"" + new string('u', 10_000) + "\""))),
        Field("an event id of 129 characters", "event-id-too-long", "eventId", "\"" + new string('e', 129) + "\""),

        // Sizes.
        Bad("a page of 2049 characters", "page-too-long", s => s.Bytes(("page", "\"/" + new string('p', 2048) + "\""))),
        Bad("a 10 MB event", PayloadTooLarge, s => s.Bytes(("page", "\"/" + new string('p', 10 * 1024 * 1024) + "\""))),
        Valid("2,000 fields nobody reads", s => s.Bytes([.. Enumerable.Range(0, 2_000).Select(i => ($"x{i}", "1"))])),
    ];
}

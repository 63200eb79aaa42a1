using System.Text;

namespace DaprPredictor.Testing.Hostile;

/// <summary>
/// Hostile <c>POST /features/batch</c> bodies for offline-features: broken JSON, wrong shapes, members given twice,
/// counts and sizes over the limits, and the content types around them. Hostile ids and as-of times go through the
/// route too (HostileIds, HostileAsOf), each as one pair among valid ones.
/// </summary>
public static class HostileFeatureBatches
{
    /// <summary>offline-features' pair limit by default (OfflineFeatures:MaxBatchPairs).</summary>
    public const int MaxPairs = 1024;

    public static IReadOnlyList<HostileFeatureBatch> All { get; } = Build();

    public static HostileFeatureBatch Named(string name) => All.Single(c => c.Name == name);

    public static IEnumerable<string> Names => All.Select(c => c.Name);

    public static string Pair(string userId = "u-1", string asOf = "2026-03-01T12:00:00Z") => $$"""{"userId":"{{userId}}","asOf":"{{asOf}}"}""";

    public static string Request(params string[] pairs) => $$"""{"pairs":[{{string.Join(',', pairs)}}]}""";

    private static Func<byte[]> Text(string json) => () => Encoding.UTF8.GetBytes(json);

    private static IReadOnlyList<HostileFeatureBatch> Build() =>
    [
        new("an empty body", 400, "body", () => []),
        new("JSON null", 400, "body", Text("null")),
        new("an array of pairs without the object", 400, "pairs", Text("[" + Pair() + "]")),
        new("truncated JSON", 400, "JSON", Text(Request(Pair())[..30])),
        new("a comment in the JSON", 400, "JSON", Text("/* x */" + Request(Pair()))),
        new("no pairs", 400, "pairs", Text("{}")),
        new("no pair in pairs", 400, "empty", Text(Request())),
        new("pairs given twice", 400, "given 2 times", Text($$"""{"pairs":[{{Pair()}}],"pairs":[{{Pair()}}]}""")),
        new("a userId given twice in the third pair", 400, "pairs[2].userId", Text(Request(Pair("a"), Pair("b"), """{"userId":"c","userId":"d"}"""))),
        new("an asOf given twice, once escaped", 400, "pairs[0].asOf", Text(Request("""{"userId":"a","asOf":"2026-03-01T12:00:00Z","\u0061sOf":"2026-03-02T12:00:00Z"}"""))),
        new("a number as userId", 400, "pairs[0].userId", Text(Request("""{"userId":7}"""))),
        new("an object as asOf", 400, "pairs[0].asOf is an object", Text(Request("""{"userId":"a","asOf":{"$date":1}}"""))),
        new("a null pair", 400, "pairs[1] is null", Text(Request(Pair(), "null"))),
        new("an array as a pair", 400, "pairs[0] is an array", Text(Request("[\"u-1\",\"2026-03-01T12:00:00Z\"]"))),
        new("one pair over the limit", 400, "more than 1024 pairs", Text(Request([.. Enumerable.Repeat(Pair(), MaxPairs + 1)]))),
        new("a body of 5 MB", 413, "bytes", () => Encoding.UTF8.GetBytes(Request(Pair()) + new string(' ', 5 * 1024 * 1024))),
        new("nesting 10,000 deep in an unknown member", 400, "JSON", Text("{\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}")),
        new("invalid UTF-8 in a key", 400, "UTF-8", () => [.. "{\"pairs\":[{\"userId\":\"a\",\"x"u8, 0xC0, 0xAF, .. "\":1}]}"u8]),
        new("a byte order mark before the JSON", 400, "JSON", () => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Request(Pair()))]),
        new("an escaped lone surrogate in a userId", 400, "pairs[0].userId", Text(Request(Pair("u\\ud800")))),
        new("text/plain", 415, "application/json", Text(Request(Pair())), "text/plain"),
        new("no content type", 415, "application/json", Text(Request(Pair())), null),
        new("a form", 415, "application/json", Text("pairs=u-1"), "application/x-www-form-urlencoded"),
    ];
}

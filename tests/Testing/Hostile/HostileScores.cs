using System.Globalization;
using System.Text;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.Testing.Hostile;

/// <summary>
/// Hostile score requests: vectors of the wrong length, values no model can read, numbers written as strings (not the
/// contract: JSON numbers are numbers), batches over the limits, bodies that are not JSON or not UTF-8, and the
/// content types around them.
/// </summary>
public static class HostileScores
{
    /// <summary>The scorer's batch limit by default (Scorer:MaxBatchSize).</summary>
    public const int MaxBatchSize = 1024;

    public static IReadOnlyList<HostileScore> All { get; } = Build();

    public static HostileScore Named(string name) => All.Single(c => c.Name == name);

    public static IEnumerable<string> Names => All.Select(c => c.Name);

    public static string Vector(int length = FeatureSchema.Length, string value = "0.5") => "[" + string.Join(',', Enumerable.Repeat(value, length)) + "]";

    public static string Request(string features, string version = "1") => $$"""{"featureSchemaVersion":{{version}},"features":{{features}}}""";

    private static string Batch(int vectors) => $$"""{"featureSchemaVersion":1,"batch":[{{string.Join(',', Enumerable.Repeat(Vector(), vectors))}}]}""";

    private static Func<byte[]> Text(string json) => () => Encoding.UTF8.GetBytes(json);

    private static string WithValue(int slot, string value)
    {
        var values = Enumerable.Repeat("0.5", FeatureSchema.Length).ToArray();
        values[slot] = value;
        return "[" + string.Join(',', values) + "]";
    }

    private static IReadOnlyList<HostileScore> Build() =>
    [
        new("a vector of no values", 400, "55 values", Text(Request(Vector(0)))),
        new("a vector one value short", 400, "55 values", Text(Request(Vector(FeatureSchema.Length - 1)))),
        new("a vector one value long", 400, "55 values", Text(Request(Vector(FeatureSchema.Length + 1)))),
        new("a vector of 100,000 values", 400, "55 values", Text(Request(Vector(100_000)))),
        new("a NaN value", 400, "not a finite number", Text(Request(WithValue(3, "\"NaN\"")))),
        new("an Infinity value", 400, "not a finite number", Text(Request(WithValue(50, "\"Infinity\"")))),
        new("a -Infinity value", 400, "not a finite number", Text(Request(WithValue(54, "\"-Infinity\"")))),
        new("a value above float's range (read as infinity)", 400, "finite", Text(Request(WithValue(51, "1e39")))),
        new("a value written as a string", 400, "features", Text(Request(WithValue(0, "\"0.5\"")))),
        new("every value written as a string", 400, "features", Text(Request(Vector(value: "\"0.5\"")))),
        new("the schema version written as a string", 400, "featureSchemaVersion", Text(Request(Vector(), "\"1\""))),
        new("schema version 2", 400, "featureSchemaVersion", Text(Request(Vector(), "2"))),
        new("a schema version beyond int", 400, "featureSchemaVersion", Text(Request(Vector(), "2147483648"))),
        new("a fractional schema version", 400, "featureSchemaVersion", Text(Request(Vector(), "1.5"))),
        new("neither features nor batch", 400, "neither", Text("""{"featureSchemaVersion":1}""")),
        new("both features and batch", 400, "both", Text($$"""{"featureSchemaVersion":1,"features":{{Vector()}},"batch":[{{Vector()}}]}""")),
        new("features twice", 400, "features", Text($$"""{"featureSchemaVersion":1,"features":{{Vector()}},"features":{{Vector()}}}""")),
        new("an empty batch", 400, "empty", Text("""{"featureSchemaVersion":1,"batch":[]}""")),
        new("a null vector in a batch", 400, "null", Text($$"""{"featureSchemaVersion":1,"batch":[{{Vector()}},null]}""")),
        new("a batch one over the limit", 400, string.Create(CultureInfo.InvariantCulture, $"at most {MaxBatchSize}"), Text(Batch(MaxBatchSize + 1))),
        new("a body of 5 MB", 413, "too large", () => Encoding.UTF8.GetBytes(Request(Vector()) + new string(' ', 5 * 1024 * 1024))),
        new("an empty body", 400, "body", () => []),
        new("JSON null", 400, "null", Text("null")),
        new("an array instead of a request", 400, "JSON", Text("[1,2,3]")),
        new("truncated JSON", 400, "JSON", Text(Request(Vector())[..30])),
        new("a comment in the JSON", 400, "JSON", Text("/* x */" + Request(Vector()))),
        new("nesting 10,000 deep", 400, "depth", Text("{\"featureSchemaVersion\":1,\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}")),
        new("invalid UTF-8 in a key", 400, "UTF-8", () => [.. "{\"featureSchemaVersion\":1,\"x"u8, 0xC0, 0xAF, .. Encoding.UTF8.GetBytes("\":1,\"features\":" + Vector() + "}")]),
        new("a byte order mark before the JSON", 400, "JSON", () => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Request(Vector()))]),
        new("text/plain", 415, "application/json", Text(Request(Vector())), "text/plain"),
        new("no content type", 415, "application/json", Text(Request(Vector())), null),
        new("a form", 415, "application/json", Text("featureSchemaVersion=1"), "application/x-www-form-urlencoded"),
    ];
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.Contracts;

/// <summary>JSON Lines reading and writing with the shared serializer context.</summary>
public static class JsonLines
{
    public static void Write<T>(string path, IEnumerable<T> items, JsonTypeInfo<T> typeInfo)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true });
        foreach (var item in items)
        {
            JsonSerializer.Serialize(writer, item, typeInfo);
            writer.Flush();
            stream.WriteByte((byte)'\n');
            writer.Reset();
        }
    }

    /// <summary>Reads events line by line; a line that is not a valid event object is kept as an empty event so it is rejected, not lost.</summary>
    public static IReadOnlyList<PageViewEvent> ReadEvents(string path) => StreamEvents(path).ToList();

    /// <summary><see cref="ReadEvents"/> lazily, one line at a time, for files larger than memory.</summary>
    public static IEnumerable<PageViewEvent> StreamEvents(string path) =>
        ReadLines(path).Select(line => PageViewJson.TryParse(Encoding.UTF8.GetBytes(line), out var e, out _) ? e! : new PageViewEvent(null, null, null, null, null));

    public static IReadOnlyList<PurchaseRecord> ReadPurchases(string path) =>
        ReadLines(path).Select((line, n) => JsonSerializer.Deserialize(line, ContractsJsonContext.Default.PurchaseRecord)
            ?? throw new InvalidDataException($"{path}:{n + 1} is not a purchase record.")).ToList();

    public static IEnumerable<string> ReadLines(string path) =>
        File.ReadLines(path).Where(line => !string.IsNullOrWhiteSpace(line));
}

using System.Text;
using DaprPredictor.Contracts;
using System.Text.Json;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.Simulator.Streams;

/// <summary>Reads JSON Lines page views (the format of heldout-events.jsonl), keeping each line's bytes as they are.</summary>
public static class ClickEventReader
{
    public static ClickEvent FromJson(byte[] utf8)
    {
        // Parsed with the services' own contract, so the key and the time are what the feature extractor will see.
        if (!PageViewJson.TryParse(utf8, out var view, out _) || view is null) return new ClickEvent(ClickEvent.UnknownUser, null, utf8);
        var key = string.IsNullOrEmpty(view.UserId) ? ClickEvent.UnknownUser : view.UserId;
        return new ClickEvent(key, Rfc3339.TryParse(view.Timestamp, out var at) ? at : null, utf8);
    }

    public static ClickEvent FromEvent(PageViewEvent view) => FromJson(Encoding.UTF8.GetBytes(PageViewJson.Serialize(view)));

    /// <summary>A purchase as the shop publishes it on the <c>purchases</c> topic: the offline store's row, keyed by its user.</summary>
    public static ClickEvent FromPurchase(PurchaseRecord purchase) =>
        new(purchase.UserId, purchase.PurchasedAt, JsonSerializer.SerializeToUtf8Bytes(purchase, ContractsJsonContext.Default.PurchaseRecord), Topology.PurchasesTopic);

    /// <summary>Non-blank lines, lazily, in file order.</summary>
    public static IEnumerable<ClickEvent> ReadFile(string path) =>
        File.ReadLines(path).Where(line => !string.IsNullOrWhiteSpace(line)).Select(line => FromJson(Encoding.UTF8.GetBytes(line.Trim())));

    /// <summary>The latest event time in a stream, or null when no event has a readable time.</summary>
    public static DateTimeOffset? Latest(IEnumerable<ClickEvent> events) =>
        events.Aggregate((DateTimeOffset?)null, (latest, e) => e.Timestamp is { } at && (latest is null || at > latest) ? at : latest);
}

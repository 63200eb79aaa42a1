using System.Text.Json;

namespace DaprPredictor.FakeDaprd.PubSub;

/// <summary>
/// Reads the app's answer to <c>GET /dapr/subscribe</c> as daprd does (dapr/dapr v1.18 pkg/runtime/pubsub/subscriptions.go
/// GetSubscriptionsHTTP): a JSON array of SubscriptionJSON, member names matched ignoring case; an empty body or
/// <c>null</c> is no subscription; the route is <c>routes.default</c> if set, else <c>route</c>; an entry with neither
/// (and no rules) is left out.
/// </summary>
internal static class SubscriptionReader
{
    public static IReadOnlyList<Subscription> Read(byte[] body)
    {
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty) return [];
        if (!GoJson.TryParse(body, out var root)) throw Invalid("the body is not JSON");
        if (root.ValueKind == JsonValueKind.Null) return [];
        if (root.ValueKind != JsonValueKind.Array) throw Invalid($"json: cannot unmarshal {root.ValueKind.ToString().ToLowerInvariant()} into Go value of type []pubsub.SubscriptionJSON");

        var subscriptions = new List<Subscription>();
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Null) continue;
            var pubsub = Text(item, "pubsubname") ?? "";
            var topic = Text(item, "topic") ?? "";
            var routes = Member(item, "routes");
            var rules = routes is { ValueKind: JsonValueKind.Object } r && Member(r, "rules") is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray().ToList() : [];
            if (rules.Any(rule => !string.IsNullOrWhiteSpace(Text(rule, "match"))))
            {
                throw new NotSupportedException($"The subscription to {pubsub}/{topic} routes by CEL match rules, which the fake daprd does not evaluate.");
            }

            // Rules without a match always select their path; then routes.default; then route.
            var route = rules.Select(rule => Text(rule, "path")).FirstOrDefault()
                ?? (routes is { ValueKind: JsonValueKind.Object } d && Text(d, "default") is { Length: > 0 } path ? path : Text(item, "route"));
            if (string.IsNullOrEmpty(route)) continue;

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Member(item, "metadata") is { ValueKind: JsonValueKind.Object } md)
            {
                foreach (var entry in md.EnumerateObject()) metadata[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
            }

            if (metadata.TryGetValue("rawPayload", out var raw) && bool.TryParse(raw, out var isRaw) && isRaw)
            {
                throw new NotSupportedException($"The subscription to {pubsub}/{topic} asks for raw payloads, which the fake daprd does not deliver.");
            }

            BulkSubscribeOptions? bulk = null;
            if (Member(item, "bulkSubscribe") is { ValueKind: JsonValueKind.Object } b && Member(b, "enabled") is { ValueKind: JsonValueKind.True })
            {
                bulk = new BulkSubscribeOptions(Number(b, "maxMessagesCount"), Number(b, "maxAwaitDurationMs"));
            }

            subscriptions.Add(new Subscription(pubsub, topic, route, Text(item, "deadLetterTopic") is { Length: > 0 } dlq ? dlq : null, metadata, bulk));
        }

        return subscriptions;
    }

    private static InvalidOperationException Invalid(string detail) => new($"error getting topics from app: {detail}");

    /// <summary>Go's encoding/json: an exact name first, else the last member whose name matches ignoring case.</summary>
    private static JsonElement? Member(JsonElement item, string name)
    {
        if (item.ValueKind != JsonValueKind.Object) return null;
        if (item.TryGetProperty(name, out var exact)) return exact;
        JsonElement? found = null;
        foreach (var member in item.EnumerateObject())
        {
            if (string.Equals(member.Name, name, StringComparison.OrdinalIgnoreCase)) found = member.Value;
        }

        return found;
    }

    private static string? Text(JsonElement item, string name) => Member(item, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static int Number(JsonElement item, string name) => Member(item, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var n) ? n : 0;
}

using System.Globalization;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Pipeline.Predictions;

namespace DaprPredictor.FeatureExtractor.Subscriptions;

/// <summary>
/// Reads the envelope daprd POSTs to a bulk subscription (dapr/dapr pkg/runtime/pubsub/bulksubscribe_events.go
/// NewBulkSubscribeEnvelope, marshalled by pkg/runtime/subscription/postman/http/http.go DeliverBulk): a JSON object
/// whose <c>entries</c> each carry an <c>entryId</c>, an <c>event</c> (the CloudEvent as a JSON object when the entry's
/// <c>contentType</c> is <c>application/cloudevents+json</c>, the default; the data as a base64 string for a raw-payload
/// subscription), <c>metadata</c> and <c>contentType</c>.
/// The envelope is only scanned (no depth limit, nothing parsed into objects); each entry's event is then read on its
/// own with <see cref="CloudEventReader"/>'s rules, so a broken, deep or oversized event is one entry's problem, dead-
/// lettered with its reason, and its neighbours are processed. Only what leaves no entry to answer is the envelope's
/// problem: not UTF-8, not JSON, not an object, no <c>entries</c> array, more entries than a batch holds.
/// </summary>
internal static class BulkDeliveryReader
{
    /// <summary>What an entry may carry besides its event: daprd's entry id, content type and the message's metadata.</summary>
    public const int EntryOverheadBytes = 4 * 1024;

    /// <summary>The largest bulk delivery read: a full batch of the largest envelopes, with their entries' metadata.</summary>
    public static long BodyLimit(int maxMessages, int maxDataBytes) => (long)maxMessages * (CloudEventReader.EnvelopeLimit(maxDataBytes) + EntryOverheadBytes);

    public static BulkDelivery Read(byte[] body, int maxMessages, int maxDataBytes)
    {
        if (JsonErrors.Utf8Problem(body) is { } notUtf8) return BulkDelivery.Unreadable(notUtf8);
        var entries = new List<BulkDelivery.Entry>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var unanswerable = 0;
        var sawEntries = false;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = body.Length + 1 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return BulkDelivery.Unreadable($"a bulk delivery is a JSON object, not {JsonErrors.Token(reader.TokenType)}.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isEntries = reader.ValueTextEquals("entries"u8);
                reader.Read();
                if (!isEntries)
                {
                    reader.Skip();
                    continue;
                }

                if (sawEntries) return BulkDelivery.Unreadable("the bulk delivery has 'entries' twice.");
                sawEntries = true;
                if (reader.TokenType != JsonTokenType.StartArray) return BulkDelivery.Unreadable($"the bulk delivery's 'entries' is {JsonErrors.Token(reader.TokenType)}, not an array.");
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (entries.Count + unanswerable >= maxMessages)
                    {
                        return BulkDelivery.Unreadable(string.Create(CultureInfo.InvariantCulture, $"the bulk delivery has more than {maxMessages} entries, the most a batch of this subscription holds."));
                    }

                    if (ReadEntry(ref reader, body, maxDataBytes) is { } entry && ids.Add(entry.EntryId)) entries.Add(entry);
                    else unanswerable++;
                }
            }

            if (reader.Read()) return BulkDelivery.Unreadable("the bulk delivery goes on after its object.");
        }
        catch (JsonException ex)
        {
            return BulkDelivery.Unreadable($"the bulk delivery is not JSON: {ex.Message.Split(" LineNumber:")[0]}");
        }

        return sawEntries ? new BulkDelivery(entries, unanswerable, null) : BulkDelivery.Unreadable("the bulk delivery has no 'entries'.");
    }

    /// <summary>
    /// One entry, the reader on its first token. Null when it cannot be answered: not an object, or no entry id (a
    /// string, not empty) to answer it by; daprd numbers every entry itself (bulksubscription.go ValidateEntryId).
    /// </summary>
    private static BulkDelivery.Entry? ReadEntry(ref Utf8JsonReader reader, byte[] body, int maxDataBytes)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        var start = (int)reader.TokenStartIndex;
        string? id = null, contentType = null, twice = null;
        (int Start, int End)? eventAt = null;
        var idInvalid = false;
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (!names.Add(name)) twice ??= name;
            reader.Read();
            switch (name)
            {
                case "entryId" when reader.TokenType == JsonTokenType.String:
                    id = reader.GetString();
                    break;
                case "entryId":
                    idInvalid = true;
                    break;
                case "contentType" when reader.TokenType == JsonTokenType.String:
                    contentType = reader.GetString();
                    break;
                case "event":
                    eventAt = ((int)reader.TokenStartIndex, 0);
                    break;
            }

            reader.Skip();
            if (name == "event") eventAt = (eventAt!.Value.Start, (int)reader.BytesConsumed);
        }

        if (idInvalid || string.IsNullOrEmpty(id) || twice == "entryId") return null;
        var entryText = body.AsSpan(start, (int)reader.BytesConsumed - start);
        return new BulkDelivery.Entry(id, Event(entryText, eventAt is { } at ? body.AsSpan(at.Start, at.End - at.Start) : default, eventAt is not null, contentType, twice, maxDataBytes));
    }

    private static BatchEntry Event(ReadOnlySpan<byte> entry, ReadOnlySpan<byte> cloudEvent, bool hasEvent, string? contentType, string? twice, int maxDataBytes)
    {
        if (twice is not null) return Invalid($"the bulk entry has '{twice}' twice.", CloudEventReader.Text(entry));
        if (!hasEvent) return Invalid("the bulk entry has no event.", CloudEventReader.Text(entry));
        if (cloudEvent.Length > CloudEventReader.EnvelopeLimit(maxDataBytes))
        {
            return new(default, new Rejection(RejectReason.PayloadTooLarge, string.Create(CultureInfo.InvariantCulture,
                $"the bulk entry's event has {cloudEvent.Length} bytes; a page view's is at most {CloudEventReader.EnvelopeLimit(maxDataBytes)}.")), CloudEventReader.NotKept(cloudEvent.Length));
        }

        var text = CloudEventReader.Text(cloudEvent);
        if (contentType is not null && !CloudEventReader.IsStructured(contentType, out _))
        {
            // A raw-payload subscription: daprd sends the message's bytes as a base64 string (bulksubscription.go).
            var raw = new Utf8JsonReader(cloudEvent);
            return raw.Read() && raw.TokenType == JsonTokenType.String && raw.TryGetBytesFromBase64(out var bytes)
                ? From(CloudEventReader.Data(bytes, maxDataBytes))
                : Invalid($"the bulk entry's event of content type '{contentType}' is not a base64 string.", text);
        }

        if (contentType is not null && CloudEventReader.IsStructured(contentType, out var charset) && charset is not null)
        {
            return Invalid($"a CloudEvent in JSON is UTF-8, not '{charset}'.", text);
        }

        try
        {
            using var document = JsonDocument.Parse(cloudEvent.ToArray());
            return From(CloudEventReader.FromEnvelope(document.RootElement, cloudEvent, maxDataBytes));
        }
        catch (JsonException ex)
        {
            return Invalid($"the CloudEvent is not JSON: {ex.Message.Split(" LineNumber:")[0]}", text);
        }
    }

    private static BatchEntry From(CloudEventData data) => new(data.Data, data.Problem, data.Received);

    private static BatchEntry Invalid(string detail, string received) => From(CloudEventReader.Invalid(detail, received));
}

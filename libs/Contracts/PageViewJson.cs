using System.Buffers;
using System.Text;
using System.Text.Json;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;

namespace DaprPredictor.Contracts;

/// <summary>
/// Reads wire events, turning every way bytes can fail to be a page view (not UTF-8, not JSON, a string that decodes to
/// no text) into a <see cref="RejectReason.MalformedJson"/> rejection instead of an exception.
/// </summary>
public static class PageViewJson
{
    public static bool TryParse(ReadOnlySpan<byte> utf8, out PageViewEvent? value, out Rejection? rejection)
    {
        Span<char> timestamp = stackalloc char[Rfc3339.MaxLength];
        var read = TryRead(utf8, timestamp, out var fields, out value, out rejection);
        if (read) value ??= fields.ToEvent();
        return read;
    }

    /// <summary>
    /// Reads the members only, for a reader that cleans the event at once: a plain payload's timestamp is copied into
    /// <paramref name="timestampBuffer"/> (<see cref="Rfc3339.MaxLength"/> characters make it never too short for a valid
    /// one) instead of becoming a string, and no <see cref="PageViewEvent"/> is made.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, Span<char> timestampBuffer, out PageViewFields fields, out Rejection? rejection) =>
        TryRead(utf8, timestampBuffer, out fields, out _, out rejection);

    /// <param name="parsed">Set when the serializer read the payload (it made the event already).</param>
    private static bool TryRead(ReadOnlySpan<byte> utf8, Span<char> timestampBuffer, out PageViewFields fields, out PageViewEvent? parsed, out Rejection? rejection)
    {
        fields = default;
        parsed = null;
        if (JsonErrors.Utf8Problem(utf8) is { } notUtf8)
        {
            rejection = new Rejection(RejectReason.MalformedJson, notUtf8);
            return false;
        }

        if (TryReadPlain(utf8, timestampBuffer, out fields))
        {
            rejection = null;
            return true;
        }

        try
        {
            parsed = JsonSerializer.Deserialize(utf8, ContractsJsonContext.Default.PageViewEvent);
            rejection = parsed is null ? new Rejection(RejectReason.MalformedJson, "the event is JSON null, not an object.") : null;
        }
        catch (JsonException ex)
        {
            rejection = new Rejection(RejectReason.MalformedJson, JsonErrors.Describe(ex));
        }
        catch (InvalidOperationException ex)
        {
            // An escaped lone surrogate ("\ud800") decodes to no UTF-16 text; the serializer says so with this exception.
            rejection = new Rejection(RejectReason.MalformedJson, $"invalid JSON: {ex.Message}");
        }

        if (parsed is not null) fields = PageViewFields.Of(parsed);
        return rejection is null;
    }

    public static string Serialize(PageViewEvent e) => JsonSerializer.Serialize(e, ContractsJsonContext.Default.PageViewEvent);

    /// <summary>
    /// The common case read straight off the reader, about twice as fast as the serializer and without its per-object
    /// state: one object whose members are the event's own, spelled as we write them, each at most once, with string (or
    /// null) values and a finite number (or null) as the price. Anything else (another spelling, an unknown or repeated
    /// member, a named float literal, a syntax error) answers false, and the serializer reads the payload, so every
    /// result and every error is the serializer's. Values that recur from event to event (ids of users and sessions, pages,
    /// products, categories) come from <see cref="RecurringStrings"/>; an event's own id and time are new every time.
    /// </summary>
    private static bool TryReadPlain(ReadOnlySpan<byte> utf8, Span<char> timestampBuffer, out PageViewFields fields)
    {
        fields = default;
        string? eventId = null, userId = null, sessionId = null, page = null, productId = null, category = null;
        ReadOnlySpan<char> timestamp = default;
        var hasTimestamp = false;
        double? price = null;
        var seen = 0;
        var reader = new Utf8JsonReader(utf8);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var member = reader.ValueIsEscaped ? -1 : Member(reader.ValueSpan);
                if (member < 0 || (seen & (1 << member)) != 0 || !reader.Read()) return false;
                seen |= 1 << member;
                if (member == PriceMember)
                {
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number) && double.IsFinite(number)) price = number;
                    else if (reader.TokenType != JsonTokenType.Null) return false;
                    continue;
                }

                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null)) return false;
                if (member == TimestampMember)
                {
                    hasTimestamp = reader.TokenType == JsonTokenType.String;
                    if (hasTimestamp) timestamp = Timestamp(ref reader, timestampBuffer);
                    continue;
                }

                var text = reader.TokenType != JsonTokenType.String ? null
                    : member == EventIdMember || reader.ValueIsEscaped ? reader.GetString()
                    : RecurringStrings.Get(reader.ValueSpan);
                switch (member)
                {
                    case EventIdMember: eventId = text; break;
                    case 1: userId = text; break;
                    case 2: sessionId = text; break;
                    case 3: page = text; break;
                    case 5: productId = text; break;
                    default: category = text; break;
                }
            }

            // The object must be closed and be all there is (trailing content is the serializer's error to word).
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return false;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }

        fields = new PageViewFields
        {
            EventId = eventId,
            UserId = userId,
            SessionId = sessionId,
            Page = page,
            Timestamp = timestamp,
            HasTimestamp = hasTimestamp,
            ProductId = productId,
            Category = category,
            Price = price,
        };
        return true;
    }

    /// <summary>Plain ASCII that fits is copied into the buffer (UTF-8 and UTF-16 agree on it); anything else is decoded as usual.</summary>
    private static ReadOnlySpan<char> Timestamp(scoped ref Utf8JsonReader reader, Span<char> buffer) =>
        !reader.ValueIsEscaped && reader.ValueSpan.Length <= buffer.Length && Ascii.ToUtf16(reader.ValueSpan, buffer, out var written) == OperationStatus.Done
            ? buffer[..written]
            : reader.GetString();

    private const int EventIdMember = 0;
    private const int TimestampMember = 4;
    private const int PriceMember = 7;

    private static int Member(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("eventId"u8) => 0,
        _ when name.SequenceEqual("userId"u8) => 1,
        _ when name.SequenceEqual("sessionId"u8) => 2,
        _ when name.SequenceEqual("page"u8) => 3,
        _ when name.SequenceEqual("timestamp"u8) => 4,
        _ when name.SequenceEqual("productId"u8) => 5,
        _ when name.SequenceEqual("category"u8) => 6,
        _ when name.SequenceEqual("price"u8) => PriceMember,
        _ => -1,
    };

}

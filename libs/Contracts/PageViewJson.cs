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
        if (JsonErrors.Utf8Problem(utf8) is { } notUtf8)
        {
            value = null;
            rejection = new Rejection(RejectReason.MalformedJson, notUtf8);
            return false;
        }

        if (TryReadPlain(utf8, out value))
        {
            rejection = null;
            return true;
        }

        try
        {
            value = JsonSerializer.Deserialize(utf8, ContractsJsonContext.Default.PageViewEvent);
            rejection = value is null ? new Rejection(RejectReason.MalformedJson, "the event is JSON null, not an object.") : null;
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
    private static bool TryReadPlain(ReadOnlySpan<byte> utf8, out PageViewEvent? value)
    {
        value = null;
        string? eventId = null, userId = null, sessionId = null, page = null, timestamp = null, productId = null, category = null;
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
                var text = reader.TokenType != JsonTokenType.String ? null
                    : member is EventIdMember or TimestampMember || reader.ValueIsEscaped ? reader.GetString()
                    : RecurringStrings.Get(reader.ValueSpan);
                switch (member)
                {
                    case EventIdMember: eventId = text; break;
                    case 1: userId = text; break;
                    case 2: sessionId = text; break;
                    case 3: page = text; break;
                    case TimestampMember: timestamp = text; break;
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

        value = new PageViewEvent(eventId, userId, sessionId, page, timestamp, productId, category, price);
        return true;
    }

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

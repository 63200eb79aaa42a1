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
        value = null;
        if (JsonErrors.Utf8Problem(utf8) is { } notUtf8)
        {
            rejection = new Rejection(RejectReason.MalformedJson, notUtf8);
            return false;
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
}

using System.Text.Json;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;

namespace DaprPredictor.Contracts;

/// <summary>Reads wire events, turning JSON errors into a <see cref="RejectReason.MalformedJson"/> rejection instead of an exception.</summary>
public static class PageViewJson
{
    public static bool TryParse(ReadOnlySpan<byte> utf8, out PageViewEvent? value, out Rejection? rejection)
    {
        try
        {
            value = JsonSerializer.Deserialize(utf8, ContractsJsonContext.Default.PageViewEvent);
            rejection = value is null ? new Rejection(RejectReason.MalformedJson, "the event is JSON null, not an object.") : null;
        }
        catch (JsonException ex)
        {
            value = null;
            rejection = new Rejection(RejectReason.MalformedJson, JsonErrors.Describe(ex));
        }

        return rejection is null;
    }

    public static bool TryParse(JsonElement element, out PageViewEvent? value, out Rejection? rejection)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            value = null;
            rejection = new Rejection(RejectReason.MalformedJson, $"an event must be a JSON object, got {element.ValueKind.ToString().ToLowerInvariant()}.");
            return false;
        }

        try
        {
            value = element.Deserialize(ContractsJsonContext.Default.PageViewEvent);
            rejection = null;
            return true;
        }
        catch (JsonException ex)
        {
            value = null;
            rejection = new Rejection(RejectReason.MalformedJson, JsonErrors.Describe(ex));
            return false;
        }
    }

    public static string Serialize(PageViewEvent e) => JsonSerializer.Serialize(e, ContractsJsonContext.Default.PageViewEvent);

}

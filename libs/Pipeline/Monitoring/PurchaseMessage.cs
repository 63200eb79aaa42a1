using System.Globalization;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.Pipeline.Monitoring;

/// <summary>
/// A purchase as the shop publishes it on the <c>purchases</c> topic (and as <c>POST /events</c> of the standalone host
/// takes it): the offline store's row, <c>{"purchaseId":1,"userId":"u-1","amount":12.5,"purchasedAt":"…Z"}</c>.
/// Read strictly: the user id follows the page views' rules, the time must carry its zone, the amount is a finite,
/// non-negative number. It only labels sessions for grading: the offline store stays the purchase history's source.
/// </summary>
public static class PurchaseMessage
{
    public static bool TryRead(ReadOnlyMemory<byte> utf8Json, CleaningOptions cleaning, out PurchaseRecord? purchase, out string? problem)
    {
        purchase = null;
        if (JsonErrors.Utf8Problem(utf8Json.Span) is { } notUtf8)
        {
            problem = notUtf8;
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { AllowDuplicateProperties = false });
            problem = Problem(document.RootElement, cleaning, out var userId, out var amount, out var at, out var id);
            if (problem is null) purchase = new PurchaseRecord(id, userId!, amount, at);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string member that decodes to no text (an escaped lone surrogate).
            problem = $"the body is not JSON ({ex.Message.Split('.')[0]}).";
        }

        return problem is null;
    }

    /// <summary>True when the JSON value looks like a purchase rather than a page view: an object with a purchaseId or purchasedAt.</summary>
    public static bool IsPurchase(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = utf8Json.Length + 1 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("purchaseId"u8) || reader.ValueTextEquals("purchasedAt"u8)) return true;
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    private static string? Problem(JsonElement element, CleaningOptions cleaning, out string? userId, out decimal amount, out DateTimeOffset at, out long id)
    {
        (userId, amount, at, id) = (null, 0, default, 0);
        if (element.ValueKind != JsonValueKind.Object) return $"a purchase is a JSON object, not {element.ValueKind.ToString().ToLowerInvariant()}.";
        if (element.TryGetProperty("purchaseId", out var idElement) && !(idElement.ValueKind == JsonValueKind.Number && idElement.TryGetInt64(out id)))
        {
            return "purchaseId must be an integer.";
        }

        userId = element.TryGetProperty("userId", out var user) && user.ValueKind == JsonValueKind.String ? user.GetString() : null;
        if (PageViewCleaner.CheckUserId(userId, cleaning) is { } rejection) return rejection.Detail;
        if (!element.TryGetProperty("amount", out var amountElement) || amountElement.ValueKind != JsonValueKind.Number
            || !amountElement.TryGetDecimal(out amount) || amount < 0)
        {
            return "amount must be a non-negative number.";
        }

        var time = element.TryGetProperty("purchasedAt", out var timeElement) && timeElement.ValueKind == JsonValueKind.String ? timeElement.GetString() : null;
        if (!Rfc3339.TryParse(time, out at))
        {
            return string.Create(CultureInfo.InvariantCulture, $"purchasedAt must be an RFC 3339 time with its zone, got '{time ?? "nothing"}'.");
        }

        return null;
    }
}

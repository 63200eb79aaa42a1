using System.Text.Json;
using System.Text.Json.Serialization;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Windows;

namespace DaprPredictor.Domain.Contracts;

/// <summary>
/// The one source-generated serializer context for every contract the project reads or writes:
/// wire events, state-store values, service requests and responses, published messages, training outputs.
/// camelCase; unknown members ignored; "NaN"/"Infinity" accepted for numbers so they can be rejected with a reason.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(PageViewEvent))]
[JsonSerializable(typeof(PageViewEvent[]))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(UserWindow))]
[JsonSerializable(typeof(PurchaseRecord))]
[JsonSerializable(typeof(PurchaseSummary))]
[JsonSerializable(typeof(OfflineFeatures))]
[JsonSerializable(typeof(Rejection))]
[JsonSerializable(typeof(ModelCard))]
[JsonSerializable(typeof(TrainingMetrics))]
[JsonSerializable(typeof(HeldOutLabel))]
[JsonSerializable(typeof(Prediction))]
[JsonSerializable(typeof(DeadLetter))]
[JsonSerializable(typeof(UserState))]
[JsonSerializable(typeof(UserOfflineFeatures))]
[JsonSerializable(typeof(CachedPurchaseSummary))]
[JsonSerializable(typeof(ScoreRequest))]
[JsonSerializable(typeof(ScoreResponse))]
[JsonSerializable(typeof(ModelStatus))]
[JsonSerializable(typeof(EventsAccepted))]
[JsonSerializable(typeof(TopicResponse))]
public sealed partial class DomainJsonContext : JsonSerializerContext;

/// <summary>Reads wire events, turning JSON errors into a <see cref="RejectReason.MalformedJson"/> rejection instead of an exception.</summary>
public static class PageViewJson
{
    public static bool TryParse(ReadOnlySpan<byte> utf8, out PageViewEvent? value, out Rejection? rejection)
    {
        try
        {
            value = JsonSerializer.Deserialize(utf8, DomainJsonContext.Default.PageViewEvent);
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
            value = element.Deserialize(DomainJsonContext.Default.PageViewEvent);
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

    public static string Serialize(PageViewEvent e) => JsonSerializer.Serialize(e, DomainJsonContext.Default.PageViewEvent);

}

/// <summary>One sentence saying where and why JSON could not be read, for rejections and ProblemDetails alike.</summary>
public static class JsonErrors
{
    /// <remarks>The serializer's message repeats the path and adds reader positions after " Path:"; only the sentence is kept.</remarks>
    public static string Describe(JsonException ex)
    {
        var cut = ex.Message.IndexOf(" Path:", StringComparison.Ordinal);
        var sentence = cut < 0 ? ex.Message : ex.Message[..cut];
        return ex.Path is { Length: > 0 } path ? $"invalid JSON at {path}: {sentence}" : $"invalid JSON: {sentence}";
    }
}

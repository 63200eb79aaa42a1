using System.Text.Json;
using System.Text.Json.Serialization;

namespace DaprPredictor.Domain.Cleaning;

/// <summary>Why an event was not scored. The kebab-case code is what dead letters, metrics and ProblemDetails carry.</summary>
[JsonConverter(typeof(RejectReasonJsonConverter))]
public enum RejectReason
{
    MalformedJson,
    PayloadTooLarge,
    MissingEventId,
    EventIdTooLong,
    MissingUserId,
    UserIdTooLong,
    MissingSessionId,
    SessionIdTooLong,
    InvalidIdCharacters,
    MissingPage,
    PageTooLong,
    MissingTimestamp,
    InvalidTimestamp,
    TimestampInFuture,
    TimestampTooOld,
    NonFinitePrice,
    NegativePrice,
    ProductIdTooLong,
    CategoryTooLong,
    /// <summary>Older than the user's current session and not part of it: the session it belonged to is closed.</summary>
    LateEvent,

    /// <summary>Transient failures outlasted the broker's redelivery budget (the embedded broker; Dapr forwards such messages raw).</summary>
    RetriesExhausted,
}

public sealed class RejectReasonJsonConverter() : JsonStringEnumConverter<RejectReason>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);

public static class RejectReasons
{
    private static readonly string[] Codes = Enum.GetValues<RejectReason>()
        .Select(r => JsonNamingPolicy.KebabCaseLower.ConvertName(r.ToString()))
        .ToArray();

    public static IReadOnlyList<RejectReason> All { get; } = Enum.GetValues<RejectReason>();

    public static string Code(this RejectReason reason) => Codes[(int)reason];
}

/// <summary>A rejected event: the machine-readable reason and a sentence for humans.</summary>
public sealed record Rejection(RejectReason Reason, string Detail)
{
    public string Code => Reason.Code();
}

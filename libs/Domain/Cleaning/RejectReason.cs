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

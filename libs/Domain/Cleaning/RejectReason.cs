using System.Text.Json.Serialization;

namespace DaprPredictor.Domain.Cleaning;

/// <summary>Why an event was not scored. The kebab-case code is what dead letters, metrics and ProblemDetails carry.</summary>
[JsonConverter(typeof(RejectReasonJsonConverter))]
public enum RejectReason
{
    MalformedJson,
    PayloadTooLarge,

    /// <summary>A broker delivery whose CloudEvent envelope cannot be read (not JSON, no data, bad data_base64, not UTF-8), so no page view can be found in it.</summary>
    InvalidCloudEvent,
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

    /// <summary>A finite price above <see cref="CleaningOptions.MaxPrice"/>: features would overflow the model's float.</summary>
    PriceOutOfRange,
    ProductIdTooLong,
    CategoryTooLong,
    /// <summary>Older than the user's current session and not part of it: the session it belonged to is closed.</summary>
    LateEvent,

    /// <summary>
    /// The scorer refused the event's feature vector with an answer a retry would get again (400, 413, 415, 422): for
    /// example a vector of another length than the served model's after a bad deploy. The dead letter carries the
    /// scorer's own title and detail.
    /// </summary>
    ScorerRefused,

    /// <summary>Transient failures outlasted the broker's redelivery budget (the embedded broker; Dapr forwards such messages raw).</summary>
    RetriesExhausted,
}

namespace DaprPredictor.Domain.Events;

/// <summary>
/// A page view as it arrives on the wire (camelCase JSON). Every field is optional here so that a
/// malformed event can still be read far enough to be rejected with a precise reason.
/// </summary>
/// <param name="Timestamp">RFC 3339 with an offset, e.g. <c>2026-03-01T12:00:00.250Z</c>.</param>
public sealed record PageViewEvent(
    string? EventId,
    string? UserId,
    string? SessionId,
    string? Page,
    string? Timestamp,
    string? ProductId = null,
    string? Category = null,
    double? Price = null);

namespace DaprPredictor.Domain.Events;

/// <summary>
/// A page view that passed cleaning: ids present and bounded, page normalized, timestamp parsed. A value, not an object:
/// one is made for every event and lives only while the event is processed.
/// </summary>
public readonly record struct CleanPageView(
    string EventId,
    string UserId,
    string SessionId,
    PageType Page,
    DateTimeOffset Timestamp,
    string? ProductId,
    string? Category,
    double? Price);

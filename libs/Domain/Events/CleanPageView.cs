namespace DaprPredictor.Domain.Events;

/// <summary>A page view that passed cleaning: ids present and bounded, page normalized, timestamp parsed.</summary>
public sealed record CleanPageView(
    string EventId,
    string UserId,
    string SessionId,
    PageType Page,
    DateTimeOffset Timestamp,
    string? ProductId,
    string? Category,
    double? Price);

using DaprPredictor.Domain.Events;

namespace DaprPredictor.Domain.Windows;

/// <summary>A page seen in the current session.</summary>
public readonly record struct PageVisit(PageType Page, DateTimeOffset At);

using DaprPredictor.Domain.Events;

namespace DaprPredictor.Synthetic;

/// <summary>An event of a streamed shop with what is known to be true of it: its visit's outcome and the oracle's probability.</summary>
public sealed record SyntheticEvent(PageViewEvent Event, bool Purchased, double Oracle);

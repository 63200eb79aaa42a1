using DaprPredictor.Domain.Features;
using DaprPredictor.Embedded;

namespace DaprPredictor.Standalone.Replay;

/// <summary>One step of a replay's feed: a page view for the broker (its ground truth, if known, in its context), or a purchase for live grading.</summary>
public readonly record struct ReplayItem(PageViewMessage? Message, PurchaseRecord? Purchase);

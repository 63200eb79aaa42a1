using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;

namespace DaprPredictor.Pipeline.Predictions;

/// <summary>The fate of one event. A transient failure is not a fate: it throws, and the caller asks for redelivery.</summary>
public sealed record ProcessingResult(EventFate Fate, Prediction? Prediction = null, Rejection? Rejection = null);

using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;

namespace DaprPredictor.Pipeline.Predictions;

/// <summary>
/// The fate of one event. A transient failure is not a fate: it throws, and the caller asks for redelivery. A struct:
/// one is made per event and read once by whoever delivered it.
/// </summary>
public readonly record struct ProcessingResult(EventFate Fate, Prediction? Prediction = null, Rejection? Rejection = null);

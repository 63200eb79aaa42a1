using System.Diagnostics;
using System.Text;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Domain.Windows;
using DaprPredictor.Pipeline.Seams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Fallback;

namespace DaprPredictor.Pipeline.Predictions;

/// <summary>The fate of one event. A transient failure is not a fate: it throws, and the caller asks for redelivery.</summary>
public sealed record ProcessingResult(EventFate Fate, Prediction? Prediction = null, Rejection? Rejection = null);

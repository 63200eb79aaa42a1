using System.Text;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.ModelTraining;
using DaprPredictor.Embedded;
using DaprPredictor.Synthetic;

namespace DaprPredictor.Standalone.Replay;

/// <summary>What is known to be true of a replayed event, when the stream comes with ground truth.</summary>
public readonly record struct Truth(bool Label, double? Oracle);

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

public enum EventFate
{
    Scored,
    Duplicate,
    DeadLettered,
}

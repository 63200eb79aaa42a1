using Microsoft.Extensions.Logging;

namespace DaprPredictor.Scorer.Tests;

public sealed record LogRecord(string Category, LogLevel Level, string Message);

using Microsoft.Extensions.Logging;

namespace DaprPredictor.Testing;

public sealed record LogRecord(string Category, LogLevel Level, string Message);

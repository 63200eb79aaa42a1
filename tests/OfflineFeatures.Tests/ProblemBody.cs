namespace DaprPredictor.OfflineFeatures.Tests;

/// <summary>The ProblemDetails members the tests read (ASP.NET writes camelCase).</summary>
public sealed record ProblemBody(
    string? Title,
    string? Detail,
    int? Status,
    string? Reason,
    string? Binding,
    Dictionary<string, string[]>? Errors);

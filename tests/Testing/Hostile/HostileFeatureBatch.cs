namespace DaprPredictor.Testing.Hostile;

/// <summary>A hostile <c>POST /features/batch</c> body and the 4xx ProblemDetails it must get.</summary>
/// <param name="Mentions">Words the ProblemDetails must contain (case-insensitive) to name the problem.</param>
/// <param name="ContentType">The Content-Type header, or null for none.</param>
public sealed record HostileFeatureBatch(string Name, int Status, string Mentions, Func<byte[]> Build, string? ContentType = "application/json")
{
    public override string ToString() => Name;
}

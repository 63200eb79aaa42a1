namespace DaprPredictor.Pipeline.Seams;

/// <summary>
/// The scorer refused the request itself: sending it again would get the same answer, so the events it was for are
/// dead-lettered with this reason rather than redelivered. A failure that may heal (the scorer unreachable, not ready,
/// slow, behind an open breaker, rate-limiting) is any other exception.
/// </summary>
public sealed class ScorerRefusedException(int statusCode, string problem)
    : Exception($"the scorer refused to score it ({statusCode}): {problem}")
{
    public int StatusCode { get; } = statusCode;
}

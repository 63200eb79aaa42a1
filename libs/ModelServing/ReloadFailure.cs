namespace DaprPredictor.ModelServing;

/// <summary>Why the file at the model path is not being served, since when.</summary>
/// <param name="ContentHash">The hash of the refused bytes, so the same bytes are not parsed again on every poll.</param>
public sealed record ReloadFailure(ReloadFailureKind Kind, string Message, DateTimeOffset At, string? ContentHash)
{
    public string Reason => Kind switch
    {
        ReloadFailureKind.Missing => "missing",
        ReloadFailureKind.Unreadable => "unreadable",
        _ => "invalid",
    };
}

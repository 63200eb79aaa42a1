namespace DaprPredictor.ModelServing;

/// <summary>
/// One immutable snapshot of the host, swapped as a whole so that readers never see a served model from one check
/// next to a failure from another.
/// </summary>
/// <param name="Served">The model being served, or null before the first successful load.</param>
/// <param name="LastFailure">The latest problem with the file, cleared when the file is served again.</param>
public sealed record ModelHostState(string ModelPath, ServedModel? Served, ReloadFailure? LastFailure, DateTimeOffset? LastCheckedAt)
{
    /// <summary>Why nothing is served, as a sentence for /health and 503 answers; null when a model is served.</summary>
    public string? NotLoadedReason => Served is not null
        ? null
        : LastFailure?.Message ?? $"the model file '{ModelPath}' has not been checked yet.";
}

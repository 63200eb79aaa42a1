using DaprPredictor.Domain.Contracts;
using DaprPredictor.Modeling.Model;

namespace DaprPredictor.Modeling.Serving;

/// <summary>A loaded, warmed predictor and where it came from. Requests read one of these once and finish on it.</summary>
public sealed record ServedModel(PooledPredictor Predictor, string Path, string ContentHash, DateTimeOffset LoadedAt)
{
    public ModelCard Card => Predictor.Card;

    public string Version => Predictor.Card.ModelVersion;
}

public enum ReloadFailureKind
{
    /// <summary>No file at the configured path.</summary>
    Missing,

    /// <summary>The file exists but cannot be read (permissions, I/O error).</summary>
    Unreadable,

    /// <summary>The bytes are not a usable model: corrupt, truncated, no card, another feature schema.</summary>
    Invalid,
}

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

public enum ReloadOutcome
{
    /// <summary>A new model was loaded, warmed and swapped in.</summary>
    Loaded,

    /// <summary>The file holds the bytes already served (or already refused): nothing to do.</summary>
    Unchanged,

    /// <summary>The file could not be served; the previous model, if any, is still served.</summary>
    Failed,
}

/// <summary>
/// One immutable snapshot of the host, swapped as a whole so that readers never see a served model from one check
/// next to a failure from another.
/// </summary>
/// <param name="Served">The model being served, or null before the first successful load.</param>
/// <param name="LastFailure">The latest problem with the file, cleared when the file is served again.</param>
public sealed record ModelHostState(string ModelPath, ServedModel? Served, ReloadFailure? LastFailure, DateTimeOffset? LastCheckedAt)
{
    public bool IsLoaded => Served is not null;

    /// <summary>Why nothing is served, as a sentence for /health and 503 answers; null when a model is served.</summary>
    public string? NotLoadedReason => Served is not null
        ? null
        : LastFailure?.Message ?? $"the model file '{ModelPath}' has not been checked yet.";
}

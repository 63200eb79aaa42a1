namespace DaprPredictor.ModelServing;

public enum ReloadFailureKind
{
    /// <summary>No file at the configured path.</summary>
    Missing,

    /// <summary>The file exists but cannot be read (permissions, I/O error).</summary>
    Unreadable,

    /// <summary>The bytes are not a usable model: corrupt, truncated, no card, another feature schema.</summary>
    Invalid,
}

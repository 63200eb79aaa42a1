namespace DaprPredictor.Pipeline.Seams;

/// <summary>What became of one item of a bulk save.</summary>
public enum SaveOutcome
{
    Saved,

    /// <summary>Another writer changed the key since it was read (or inserted it first): re-read and redo.</summary>
    Conflict,

    /// <summary>Not written, and nobody else wrote either: a failure of the store, to be tried again later.</summary>
    Failed,
}

namespace DaprPredictor.ModelServing;

public enum ReloadOutcome
{
    /// <summary>A new model was loaded, warmed and swapped in.</summary>
    Loaded,

    /// <summary>The file holds the bytes already served (or already refused): nothing to do.</summary>
    Unchanged,

    /// <summary>The file could not be served; the previous model, if any, is still served.</summary>
    Failed,
}

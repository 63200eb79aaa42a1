namespace DaprPredictor.Pipeline.Predictions;

/// <summary>What became of one entry of a bulk delivery; each entry is answered on its own.</summary>
public enum BatchFate
{
    Scored,
    Duplicate,

    /// <summary>Dead-lettered with its reason.</summary>
    Rejected,

    /// <summary>A transient failure concerned it: handed back for redelivery, nothing of it saved.</summary>
    Retried,
}

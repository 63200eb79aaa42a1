namespace DaprPredictor.Standalone.Replay;

/// <summary>
/// The context of a page view read from the spool: its ground truth, and the <see cref="SpoolChunk"/> its bytes live in,
/// to be released once the message is settled (<see cref="Settled"/>); reused with the block.
/// </summary>
public sealed class SpooledTruth(SpoolChunk chunk)
{
    public Truth? Truth { get; set; }

    /// <summary>The message is settled: its bytes and this context may be reused. Read <see cref="Truth"/> first.</summary>
    public void Settled() => chunk.Release();

    /// <summary>The truth a message's context carries, whichever way its source attached it.</summary>
    public static Truth? Of(object? context) => context switch
    {
        Truth truth => truth,
        SpooledTruth spooled => spooled.Truth,
        _ => null,
    };
}

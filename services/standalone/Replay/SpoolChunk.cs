namespace DaprPredictor.Standalone.Replay;

/// <summary>
/// A block of the spool's page-view bytes that the messages read from it share (each is a slice), with their truths.
/// The reader holds it while filling it and each message until it is settled; when all have let go it is reused for
/// the next records, so a replay of any length allocates no bytes per message for its payloads. A message that is
/// never settled (read outside a replay) keeps its block, which is then simply never reused.
/// </summary>
public sealed class SpoolChunk
{
    public const int Size = 16 * 1024;

    private readonly Action<SpoolChunk> _free;
    private readonly List<SpooledTruth> _truths = [];
    private int _holders;
    private int _truthsUsed;

    public SpoolChunk(Action<SpoolChunk> free)
    {
        _free = free;
        Reset();
    }

    public byte[] Bytes { get; } = new byte[Size];

    public int Used { get; private set; }

    /// <summary>Room for <paramref name="length"/> more bytes.</summary>
    public bool Fits(int length) => Used + length <= Size;

    /// <summary>Copies a message's payload in and returns its slice and its context (the truth, holding this block until settled).</summary>
    public (ReadOnlyMemory<byte> Json, SpooledTruth Context) Add(ReadOnlySpan<byte> json, Truth? truth)
    {
        json.CopyTo(Bytes.AsSpan(Used));
        var slice = Bytes.AsMemory(Used, json.Length);
        Used += json.Length;
        if (_truthsUsed == _truths.Count) _truths.Add(new SpooledTruth(this));
        var context = _truths[_truthsUsed++];
        context.Truth = truth;
        Interlocked.Increment(ref _holders);
        return (slice, context);
    }

    /// <summary>The reader is done filling this block, or a message read from it is settled.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _holders) == 0) _free(this);
    }

    /// <summary>Empty again, held by the reader that takes it.</summary>
    public SpoolChunk Reset()
    {
        (Used, _truthsUsed, _holders) = (0, 0, 1);
        return this;
    }
}

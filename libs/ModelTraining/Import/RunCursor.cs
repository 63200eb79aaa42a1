namespace DaprPredictor.ModelTraining.Import;

/// <summary>Walks one sorted run (in memory or in a file); the merge compares cursors by (time, arrival).</summary>
internal abstract class RunCursor : IDisposable
{
    public long Ticks { get; protected set; }

    public long Sequence { get; protected set; }

    public abstract bool MoveNext();

    /// <summary>The current row; valid until <see cref="MoveNext"/>.</summary>
    public abstract ImportedRow Current { get; }

    public abstract void Dispose();

    public bool IsBefore(RunCursor other) => Ticks != other.Ticks ? Ticks < other.Ticks : Sequence < other.Sequence;
}

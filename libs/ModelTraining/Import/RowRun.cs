namespace DaprPredictor.ModelTraining.Import;

/// <summary>
/// A bounded batch of rows in memory: fixed-size entries (the sort key and numbers) and one byte arena for their text.
/// Filled, sorted by (time, arrival), then either spilled to a run file or merged straight from memory.
/// </summary>
internal sealed class RowRun(int capacity)
{
    private const int ArenaBytesPerRow = 96;

    private readonly Entry[] _entries = new Entry[capacity];
    private readonly byte[] _arena = new byte[capacity * ArenaBytesPerRow + ImportedRow.MaxFieldBytes];
    private int _used;

    public int Count { get; private set; }

    /// <summary>No room for another row (entries or text).</summary>
    public bool IsFull => Count == _entries.Length || _arena.Length - _used < ImportedRow.MaxFieldBytes;

    public void Add(in SourceRow row, long sequence, ulong hash)
    {
        var length = ImportedRow.WriteFields(row, _arena.AsSpan(_used));
        _entries[Count++] = new Entry(row.Ticks, sequence, hash, row.PriceCents, _used, length, row.Kind);
        _used += length;
    }

    public void Sort()
    {
        var entries = _entries.AsSpan(0, Count);
        for (var i = 1; i < entries.Length; i++)
        {
            if (Entry.Compare(entries[i - 1], entries[i]) > 0)
            {
                entries.Sort(new EntryComparer());
                return;
            }
        }
    }

    public void Clear()
    {
        Count = 0;
        _used = 0;
    }

    /// <summary>Writes the rows in their current order; <see cref="RunFile"/> reads them back.</summary>
    public void WriteTo(RunFile file)
    {
        foreach (ref readonly var e in _entries.AsSpan(0, Count))
        {
            file.Write(e.Ticks, e.Sequence, e.Hash, e.PriceCents, e.Kind, _arena.AsSpan(e.Offset, e.Length));
        }

        file.EndWriting();
    }

    public RunCursor Cursor() => new MemoryCursor(this);

    private readonly record struct Entry(long Ticks, long Sequence, ulong Hash, long PriceCents, int Offset, int Length, RowKind Kind)
    {
        public static int Compare(in Entry a, in Entry b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : a.Sequence.CompareTo(b.Sequence);
    }

    private readonly struct EntryComparer : IComparer<Entry>
    {
        public int Compare(Entry x, Entry y) => Entry.Compare(x, y);
    }

    private sealed class MemoryCursor(RowRun run) : RunCursor
    {
        private int _next;
        private Entry _current;

        public override bool MoveNext()
        {
            if (_next >= run.Count) return false;
            _current = run._entries[_next++];
            Ticks = _current.Ticks;
            Sequence = _current.Sequence;
            return true;
        }

        public override ImportedRow Current => new(_current.Ticks, _current.Hash, _current.PriceCents, _current.Kind, run._arena.AsSpan(_current.Offset, _current.Length));

        public override void Dispose()
        {
        }
    }
}

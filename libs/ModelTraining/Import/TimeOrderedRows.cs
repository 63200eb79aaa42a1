namespace DaprPredictor.ModelTraining.Import;

/// <summary>
/// Puts the rows of any number of files in event-time order (ties in the order they were read) in bounded memory: an
/// external merge sort. Rows fill a run of <c>runRows</c>; a full run is sorted and spilled to a temporary file; at the
/// end the spilled runs and the last one, still in memory, are merged. Input that fits one run never touches the disk.
/// Memory: one run plus a 256 KB read buffer per spilled run. Disk: about the text of the fields read, per row.
/// </summary>
internal sealed class TimeOrderedRows(int runRows, string temporaryDirectory) : IDisposable
{
    private readonly RowRun _run = new(runRows);
    private readonly List<RunFile> _spilled = [];
    private long _sequence;

    public long Count => _sequence;

    public int SpilledRuns => _spilled.Count;

    public void Add(in SourceRow row, ulong hash)
    {
        if (_run.IsFull) Spill();
        _run.Add(row, _sequence++, hash);
    }

    /// <summary>Hands every row to <paramref name="sink"/> in (time, arrival) order, reporting the share done.</summary>
    public void Drain(IImportedRowSink sink, Action<double>? progress = null)
    {
        _run.Sort();
        var cursors = _spilled.Cast<RunCursor>().Append(_run.Cursor()).ToList();
        var heap = new List<RunCursor>(cursors.Count);
        foreach (var cursor in cursors)
        {
            if (cursor.MoveNext()) Push(heap, cursor);
        }

        long done = 0;
        while (heap.Count > 0)
        {
            var top = heap[0];
            sink.Accept(top.Current);
            if (++done % 65_536 == 0) progress?.Invoke((double)done / _sequence);
            if (top.MoveNext()) SiftDown(heap, 0);
            else
            {
                heap[0] = heap[^1];
                heap.RemoveAt(heap.Count - 1);
                if (heap.Count > 0) SiftDown(heap, 0);
            }
        }

        progress?.Invoke(1);
    }

    public void Dispose()
    {
        foreach (var file in _spilled) file.Dispose();
        _spilled.Clear();
    }

    private void Spill()
    {
        Directory.CreateDirectory(temporaryDirectory);
        var file = new RunFile(Path.Combine(temporaryDirectory, $"import-run-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp"));
        _spilled.Add(file);
        _run.Sort();
        _run.WriteTo(file);
        _run.Clear();
    }

    private static void Push(List<RunCursor> heap, RunCursor cursor)
    {
        heap.Add(cursor);
        var i = heap.Count - 1;
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!heap[i].IsBefore(heap[parent])) break;
            (heap[i], heap[parent]) = (heap[parent], heap[i]);
            i = parent;
        }
    }

    private static void SiftDown(List<RunCursor> heap, int i)
    {
        while (true)
        {
            var left = 2 * i + 1;
            if (left >= heap.Count) return;
            var smallest = left + 1 < heap.Count && heap[left + 1].IsBefore(heap[left]) ? left + 1 : left;
            if (!heap[smallest].IsBefore(heap[i])) return;
            (heap[i], heap[smallest]) = (heap[smallest], heap[i]);
            i = smallest;
        }
    }
}

using System.Buffers.Binary;

namespace DaprPredictor.ModelTraining.Import;

/// <summary>
/// A sorted run spilled to a temporary file (deleted when closed), written once and read back once in order.
/// A record: time, arrival, hash, price (8 bytes each), kind (1), the text fields' length (2) and the text fields.
/// </summary>
internal sealed class RunFile : RunCursor
{
    private const int HeaderBytes = 8 + 8 + 8 + 8 + 1 + 2;

    private readonly FileStream _stream;
    private readonly byte[] _buffer = new byte[256 * 1024];
    private int _start;
    private int _end;
    private bool _eof;
    private ulong _hash;
    private long _price;
    private RowKind _kind;
    private int _fieldsOffset;
    private int _fieldsLength;
    private int _recordLength;

    public RunFile(string path) =>
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose | FileOptions.SequentialScan);

    public void Write(long ticks, long sequence, ulong hash, long priceCents, RowKind kind, ReadOnlySpan<byte> fields)
    {
        if (_end + HeaderBytes + fields.Length > _buffer.Length) Flush();
        var span = _buffer.AsSpan(_end);
        BinaryPrimitives.WriteInt64LittleEndian(span, ticks);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(span[16..], hash);
        BinaryPrimitives.WriteInt64LittleEndian(span[24..], priceCents);
        span[32] = (byte)kind;
        BinaryPrimitives.WriteUInt16LittleEndian(span[33..], (ushort)fields.Length);
        fields.CopyTo(span[HeaderBytes..]);
        _end += HeaderBytes + fields.Length;
    }

    public void EndWriting()
    {
        Flush();
        _stream.Position = 0;
    }

    public override bool MoveNext()
    {
        _start += _recordLength;
        _recordLength = 0;
        if (!Ensure(HeaderBytes)) return false;
        var header = _buffer.AsSpan(_start);
        var length = BinaryPrimitives.ReadUInt16LittleEndian(header[33..]);
        if (!Ensure(HeaderBytes + length)) throw new InvalidDataException($"{_stream.Name} ends inside a record.");
        header = _buffer.AsSpan(_start);
        Ticks = BinaryPrimitives.ReadInt64LittleEndian(header);
        Sequence = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        _hash = BinaryPrimitives.ReadUInt64LittleEndian(header[16..]);
        _price = BinaryPrimitives.ReadInt64LittleEndian(header[24..]);
        _kind = (RowKind)header[32];
        _fieldsOffset = _start + HeaderBytes;
        _fieldsLength = length;
        _recordLength = HeaderBytes + length;
        return true;
    }

    public override ImportedRow Current => new(Ticks, _hash, _price, _kind, _buffer.AsSpan(_fieldsOffset, _fieldsLength));

    public override void Dispose() => _stream.Dispose();

    private void Flush()
    {
        _stream.Write(_buffer, 0, _end);
        _end = 0;
    }

    /// <summary>At least <paramref name="bytes"/> unread bytes in the buffer, reading more if needed; false at the end.</summary>
    private bool Ensure(int bytes)
    {
        if (_end - _start >= bytes) return true;
        _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        _end -= _start;
        _start = 0;
        while (_end < bytes && !_eof)
        {
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) _eof = true;
            _end += read;
        }

        return _end >= bytes;
    }
}

namespace DaprPredictor.ModelTraining.Import;

/// <summary>
/// Reads a CSV stream line by line as UTF-8 bytes, without decoding or allocating per line. A line longer than
/// <see cref="MaxLineBytes"/> is skipped and reported, so one broken line (an unclosed quote, a binary file) can never
/// take the rest of the file with it or grow memory.
/// </summary>
internal sealed class CsvLineReader(Stream stream) : IDisposable
{
    public const int MaxLineBytes = 16 * 1024;

    private readonly byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _skipping;

    /// <summary>The number of the line last returned, from 1.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line without its line ending; false at the end. A too-long line comes back empty with <paramref name="tooLong"/>.</summary>
    public bool TryRead(out ReadOnlySpan<byte> line, out bool tooLong)
    {
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            if (newline >= 0 || (_eof && (available.Length > 0 || _skipping)))
            {
                var length = newline >= 0 ? newline : available.Length;
                line = available[..length];
                _start += newline >= 0 ? newline + 1 : length;
                LineNumber++;
                tooLong = _skipping || line.Length > MaxLineBytes;
                _skipping = false;
                if (tooLong) line = default;
                else if (line is [.., (byte)'\r']) line = line[..^1];
                return true;
            }

            if (_eof)
            {
                line = default;
                tooLong = false;
                return false;
            }

            if (_start > 0)
            {
                available.CopyTo(_buffer);
                _end = available.Length;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                // No line ending in a full buffer: the line is far too long. Drop what we have and look for its end.
                _skipping = true;
                _end = 0;
            }

            var read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) _eof = true;
            _end += read;
        }
    }

    /// <summary>
    /// Splits a line into fields: <paramref name="text"/>[<paramref name="fields"/>[i]] is field i. RFC 4180 quoting
    /// within the line is understood (quoted commas, doubled quotes); a quoted field is unescaped into
    /// <paramref name="scratch"/>. Returns the number of fields, or -1 when a quote does not close.
    /// At most <paramref name="fields"/>.Length fields are kept; the count goes on beyond that.
    /// </summary>
    public static int Split(ReadOnlySpan<byte> line, Span<Range> fields, byte[] scratch, out ReadOnlySpan<byte> text)
    {
        if (line.IndexOf((byte)'"') < 0)
        {
            text = line;
            var count = 0;
            var start = 0;
            while (true)
            {
                var comma = line[start..].IndexOf((byte)',');
                var end = comma < 0 ? line.Length : start + comma;
                if (count < fields.Length) fields[count] = start..end;
                count++;
                if (comma < 0) return count;
                start = end + 1;
            }
        }

        return SplitQuoted(line, fields, scratch, out text);
    }

    private static int SplitQuoted(ReadOnlySpan<byte> line, Span<Range> fields, byte[] scratch, out ReadOnlySpan<byte> text)
    {
        // The unescaped line is never longer than the line, and lines are at most MaxLineBytes.
        var output = 0;
        var count = 0;
        var i = 0;
        while (true)
        {
            var fieldStart = output;
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        text = default;
                        return -1;
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            scratch[output++] = (byte)'"';
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    scratch[output++] = line[i++];
                }

                if (i < line.Length && line[i] != ',')
                {
                    text = default;
                    return -1;
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',') scratch[output++] = line[i++];
            }

            if (count < fields.Length) fields[count] = fieldStart..output;
            count++;
            if (i >= line.Length)
            {
                text = scratch.AsSpan(0, output);
                return count;
            }

            i++; // the comma
        }
    }

    public void Dispose() => stream.Dispose();
}

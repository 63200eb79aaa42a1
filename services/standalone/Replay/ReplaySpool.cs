using System.Buffers.Binary;
using System.Text;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Embedded;
using Microsoft.Win32.SafeHandles;

namespace DaprPredictor.Standalone.Replay;

/// <summary>
/// A replay's feed written once to a temporary file and read back, sequentially, as often as asked: a generated stream
/// of any length in constant memory, read in the timed part as bytes, as a broker's consumer reads its log. The file is
/// unlinked as soon as it is written; its space is freed when the spool is disposed or the process ends.
/// </summary>
public sealed class ReplaySpool : IDisposable
{
    private const byte MessageKind = 1;
    private const byte PurchaseKind = 2;
    private const int BufferSize = 1 << 20;

    private readonly SafeFileHandle _file;

    /// <summary>Blocks of payload bytes whose messages are all settled, ready for reuse.</summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<SpoolChunk> _free = new();

    private ReplaySpool(SafeFileHandle file, long length, int messages)
    {
        (_file, Length, Messages) = (file, length, messages);
    }

    public long Length { get; }

    public int Messages { get; }

    /// <summary>Writes <paramref name="items"/> (page views with their truth, purchases) and opens the spool for reading.</summary>
    public static ReplaySpool Write(IEnumerable<(ReplayItem Item, Truth? Truth)> items)
    {
        var path = Path.Combine(Path.GetTempPath(), $"daprpredictor-replay-{Guid.NewGuid():N}.spool");
        var messages = 0;
        long length;
        try
        {
            using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, BufferSize))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8))
            {
                foreach (var (item, truth) in items)
                {
                    if (item.Message is { } m)
                    {
                        messages++;
                        writer.Write(MessageKind);
                        writer.Write(m.Json.Length);
                        writer.Write(m.Json.Span);
                        WriteTime(writer, m.EventTime);
                        writer.Write(m.PartitionKey);
                        writer.Write((byte)(truth is { } t ? (t.Label ? 2 : 1) : 0));
                        writer.Write(truth?.Oracle ?? double.NaN);
                    }
                    else if (item.Purchase is { } p)
                    {
                        writer.Write(PurchaseKind);
                        writer.Write(p.PurchaseId);
                        writer.Write(p.UserId);
                        writer.Write(p.Amount);
                        WriteTime(writer, p.PurchasedAt);
                    }
                }

                length = stream.Length;
            }

            var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new ReplaySpool(file, length, messages);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// The items in the order written; page views carry a <see cref="SpooledTruth"/> as their context, whose
    /// <see cref="SpooledTruth.Settled"/> lets their bytes be reused (see <see cref="SpoolChunk"/>).
    /// </summary>
    public IEnumerable<ReplayItem> Read()
    {
        var buffer = new byte[BufferSize];
        var chunk = NewChunk();
        long offset = 0;
        int start = 0, end = 0;
        while (true)
        {
            // Each record is parsed from the buffer; a record cut by the buffer's end is read again from its start.
            if (end - start < BufferSize / 2 && offset < Length)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                (end, start) = (end - start, 0);
                while (end < BufferSize && offset < Length)
                {
                    var read = RandomAccess.Read(_file, buffer.AsSpan(end), offset);
                    if (read == 0) throw new EndOfStreamException("The replay spool ended early.");
                    offset += read;
                    end += read;
                }
            }

            if (start >= end)
            {
                chunk.Release();
                yield break;
            }

            var item = Parse(buffer.AsSpan(start, end - start), ref chunk, out var consumed);
            start += consumed;
            yield return item;
        }
    }

    public void Dispose() => _file.Dispose();

    private SpoolChunk NewChunk() => _free.TryDequeue(out var chunk) ? chunk.Reset() : new SpoolChunk(_free.Enqueue);

    /// <summary>One record from the start of <paramref name="span"/>, which holds it whole (records are far smaller than half the buffer).</summary>
    private ReplayItem Parse(ReadOnlySpan<byte> span, ref SpoolChunk chunk, out int consumed)
    {
        if (span[0] == MessageKind)
        {
            var jsonLength = BinaryPrimitives.ReadInt32LittleEndian(span[1..]);
            var at = 5 + jsonLength;
            var time = ReadTime(span[at..]);
            at += 10;
            var key = ReadString(span[at..], out var keyBytes);
            at += keyBytes;
            var label = span[at];
            var oracle = BinaryPrimitives.ReadDoubleLittleEndian(span[(at + 1)..]);
            consumed = at + 9;
            Truth? truth = label == 0 ? null : new Truth(label == 2, double.IsNaN(oracle) ? null : oracle);
            if (!chunk.Fits(jsonLength))
            {
                chunk.Release();
                chunk = NewChunk();
            }

            var (json, context) = jsonLength <= SpoolChunk.Size ? chunk.Add(span.Slice(5, jsonLength), truth) : (span.Slice(5, jsonLength).ToArray(), null);
            return new ReplayItem(new PageViewMessage(json, null, time, key) { Context = context ?? (object?)truth }, null);
        }

        var id = BinaryPrimitives.ReadInt64LittleEndian(span[1..]);
        var userId = ReadString(span[9..], out var userBytes);
        var offset = 9 + userBytes;
        var amount = new decimal([
            BinaryPrimitives.ReadInt32LittleEndian(span[offset..]), BinaryPrimitives.ReadInt32LittleEndian(span[(offset + 4)..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[(offset + 8)..]), BinaryPrimitives.ReadInt32LittleEndian(span[(offset + 12)..])]);
        offset += 16;
        consumed = offset + 10;
        return new ReplayItem(null, new PurchaseRecord(id, userId, amount, ReadTime(span[offset..])!.Value));
    }

    private static void WriteTime(BinaryWriter writer, DateTimeOffset? time)
    {
        writer.Write(time?.UtcTicks ?? long.MinValue);
        writer.Write((short)(time?.Offset.TotalMinutes ?? 0));
    }

    private static DateTimeOffset? ReadTime(ReadOnlySpan<byte> span)
    {
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(span);
        if (ticks == long.MinValue) return null;
        var offset = TimeSpan.FromMinutes(BinaryPrimitives.ReadInt16LittleEndian(span[8..]));
        return new DateTimeOffset(ticks + offset.Ticks, offset);
    }

    /// <summary>BinaryWriter's string: a 7-bit encoded byte count, then UTF-8. Keys and user ids recur: they are decoded once.</summary>
    private static string ReadString(ReadOnlySpan<byte> span, out int consumed)
    {
        int length = 0, shift = 0, i = 0;
        byte b;
        do
        {
            b = span[i++];
            length |= (b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);

        consumed = i + length;
        return RecurringStrings.Get(span.Slice(i, length));
    }
}

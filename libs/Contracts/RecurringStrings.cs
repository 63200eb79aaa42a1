using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace DaprPredictor.Contracts;

/// <summary>
/// Strings that recur from message to message (a user's id and session id on each of their page views, pages, products,
/// categories), read from UTF-8 once and then found again by their bytes instead of being decoded anew. A fixed table
/// of recent strings, each slot chosen by the bytes' hash: memory is bounded, a collision just replaces the slot, and
/// the table is shared by every reader without locks (a slot is one reference, read and written whole; what is read is
/// compared with the bytes before it is used). Only short ASCII values are kept, so byte and character equality agree.
/// </summary>
public static class RecurringStrings
{
    /// <summary>Longer values are decoded as usual: ids and page names are short; long values rarely recur.</summary>
    public const int MaxLength = 64;

    private const int Slots = 1 << 14;

    private static readonly string?[] Table = new string?[Slots];

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength) return Encoding.UTF8.GetString(utf8);
        var slot = Hash(utf8) & (Slots - 1);

        // Equal to ASCII text only if every byte is ASCII: a hit needs no separate check.
        if (Volatile.Read(ref Table[slot]) is { } known && Ascii.Equals(utf8, known)) return known;
        if (!Ascii.IsValid(utf8)) return Encoding.UTF8.GetString(utf8);
        var decoded = Encoding.ASCII.GetString(utf8);
        Volatile.Write(ref Table[slot], decoded);
        return decoded;
    }

    /// <summary>Eight bytes at a time, multiplied and rotated: every byte counts, and a 64-byte value takes eight steps.</summary>
    private static uint Hash(ReadOnlySpan<byte> utf8)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15;
        var hash = (ulong)utf8.Length * Multiplier;
        for (; utf8.Length >= 8; utf8 = utf8[8..]) hash = BitOperations.RotateLeft((hash ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8)) * Multiplier, 29);
        foreach (var b in utf8) hash = BitOperations.RotateLeft((hash ^ b) * Multiplier, 13);
        return (uint)(hash ^ (hash >> 32));
    }
}

using System.Buffers.Binary;

namespace DaprPredictor.ModelTraining.Import;

/// <summary>A row on its way out of the time sort: the spans are valid until the next row.</summary>
internal readonly ref struct ImportedRow
{
    /// <summary>The five text fields, each a little-endian 16-bit length and its bytes: user, session, product, category, transaction.</summary>
    private readonly ReadOnlySpan<byte> _fields;

    public ImportedRow(long ticks, ulong hash, long priceCents, RowKind kind, ReadOnlySpan<byte> fields)
    {
        Ticks = ticks;
        Hash = hash;
        PriceCents = priceCents;
        Kind = kind;
        _fields = fields;
    }

    public long Ticks { get; }

    /// <summary>The hash of the row's text: its event id, equal for rows repeated verbatim.</summary>
    public ulong Hash { get; }

    public long PriceCents { get; }

    public RowKind Kind { get; }

    public ReadOnlySpan<byte> User => Field(0);

    public ReadOnlySpan<byte> Session => Field(1);

    public ReadOnlySpan<byte> Product => Field(2);

    public ReadOnlySpan<byte> Category => Field(3);

    public ReadOnlySpan<byte> Transaction => Field(4);

    /// <summary>Writes the text fields of <paramref name="row"/> in the layout above; returns the bytes written.</summary>
    public static int WriteFields(in SourceRow row, Span<byte> destination)
    {
        var offset = Put(row.User, destination, 0);
        offset = Put(row.Session, destination, offset);
        offset = Put(row.Product, destination, offset);
        offset = Put(row.Category, destination, offset);
        return Put(row.Transaction, destination, offset);
    }

    /// <summary>The most <see cref="WriteFields"/> writes for a row of a line of at most <see cref="CsvLineReader.MaxLineBytes"/>.</summary>
    public const int MaxFieldBytes = CsvLineReader.MaxLineBytes + 5 * sizeof(ushort);

    private static int Put(ReadOnlySpan<byte> value, Span<byte> destination, int offset)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination[offset..], (ushort)value.Length);
        value.CopyTo(destination[(offset + 2)..]);
        return offset + 2 + value.Length;
    }

    private ReadOnlySpan<byte> Field(int index)
    {
        var offset = 0;
        for (var i = 0; i < index; i++) offset += 2 + BinaryPrimitives.ReadUInt16LittleEndian(_fields[offset..]);
        return _fields.Slice(offset + 2, BinaryPrimitives.ReadUInt16LittleEndian(_fields[offset..]));
    }
}

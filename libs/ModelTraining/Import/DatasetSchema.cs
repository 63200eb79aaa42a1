using System.Buffers.Text;
using System.Text;
using DaprPredictor.Domain.Cleaning;

namespace DaprPredictor.ModelTraining.Import;

/// <summary>
/// A dataset's columns and how one of its rows maps onto ours. Columns are found by name in the header (order and extra
/// columns do not matter); a file whose header lacks one is not that dataset, which is an error, not a bad row.
/// </summary>
internal abstract class DatasetSchema
{
    /// <summary>Columns looked at in a header; a dataset's own columns must be among the first this many.</summary>
    public const int MaxColumns = 256;

    private static readonly CleaningOptions IdRules = new();

    private int[] _index = [];

    public abstract DatasetFormat Format { get; }

    /// <summary>Whether the dataset has its own session ids; otherwise sessions are cut from inactivity.</summary>
    public abstract bool HasSessions { get; }

    /// <summary>The columns read, in the order <see cref="Parse"/> sees them.</summary>
    protected abstract string[] Columns { get; }

    public int HeaderColumns { get; private set; }

    public static DatasetSchema For(DatasetFormat format) => format switch
    {
        DatasetFormat.Rees46 => new Rees46Schema(),
        DatasetFormat.RetailRocket => new RetailRocketSchema(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown dataset format"),
    };

    public void BindHeader(ReadOnlySpan<byte> header, string path)
    {
        if (header.StartsWith("\uFEFF"u8)) header = header[3..];
        var fields = new Range[MaxColumns];
        var count = CsvLineReader.Split(header, fields, new byte[header.Length], out var text);
        var names = new List<string>();
        for (var i = 0; i < Math.Min(count, fields.Length); i++) names.Add(Encoding.UTF8.GetString(text[fields[i]]).Trim());
        _index = Columns.Select(c => names.FindIndex(n => string.Equals(n, c, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (_index.Contains(-1))
        {
            var shown = Encoding.UTF8.GetString(header[..Math.Min(header.Length, 200)]);
            throw new InvalidDataException($"{path} is not a {ImportSource.Name(Format)} file: its header is '{shown}', expected the columns {string.Join(',', Columns)}.");
        }

        HeaderColumns = count;
    }

    /// <summary>Reads the fields of a data row into <paramref name="row"/>; null when it is good, else why it is not.</summary>
    public BadRowReason? Parse(ReadOnlySpan<byte> text, ReadOnlySpan<Range> fields, ref SourceRow row)
    {
        Span<Range> own = stackalloc Range[_index.Length];
        for (var i = 0; i < _index.Length; i++) own[i] = fields[_index[i]];
        return Read(text, own, ref row);
    }

    /// <param name="columns">The fields of <see cref="Columns"/>, in that order.</param>
    protected abstract BadRowReason? Read(ReadOnlySpan<byte> text, scoped Span<Range> columns, ref SourceRow row);

    /// <summary>The services' own rule for a user id (PageViewCleaner), so no converted row is refused downstream for it.</summary>
    protected static BadRowReason? CheckUser(ReadOnlySpan<byte> user)
    {
        if (user.IsEmpty) return BadRowReason.MissingUser;

        // Printable ASCII within the length limit passes the rule: the ids of both datasets, decided without a string.
        if (user.Length <= IdRules.MaxIdLength && !user.ContainsAnyExceptInRange((byte)0x21, (byte)0x7E)) return null;
        return PageViewCleaner.CheckUserId(Encoding.UTF8.GetString(user), IdRules) switch
        {
            null => null,
            { Reason: RejectReason.MissingUserId } => BadRowReason.MissingUser,
            _ => BadRowReason.InvalidUser,
        };
    }

    /// <summary>A decimal price in cents; <see cref="SourceRow.NoPrice"/> when empty. At most what DECIMAL(12,2) holds.</summary>
    protected static BadRowReason? ParsePrice(ReadOnlySpan<byte> text, out long cents)
    {
        cents = SourceRow.NoPrice;
        if (text.IsEmpty) return null;
        if (TryParseCents(text, out cents)) return null;
        if (!Utf8Parser.TryParse(text, out decimal price, out var consumed) || consumed != text.Length) return BadRowReason.UnparsablePrice;
        if (price < 0) return BadRowReason.NegativePrice;
        if (price >= 10_000_000_000m) return BadRowReason.UnparsablePrice;
        cents = (long)Math.Round(price * 100, MidpointRounding.AwayFromZero);
        return null;
    }

    /// <summary>The common form, digits with at most two decimals (<c>130.76</c>), read digit by digit; anything else goes to the decimal parser.</summary>
    private static bool TryParseCents(ReadOnlySpan<byte> text, out long cents)
    {
        cents = 0;
        var dot = text.IndexOf((byte)'.');
        var whole = dot < 0 ? text : text[..dot];
        var fraction = dot < 0 ? [] : text[(dot + 1)..];
        if (whole.IsEmpty || whole.Length > 10 || fraction.Length > 2 || (dot >= 0 && fraction.IsEmpty)) return false;
        foreach (var b in whole)
        {
            if ((uint)(b - '0') > 9) return false;
            cents = cents * 10 + (b - '0');
        }

        for (var i = 0; i < 2; i++)
        {
            var digit = i < fraction.Length ? fraction[i] - '0' : 0;
            if ((uint)digit > 9) return false;
            cents = cents * 10 + digit;
        }

        return true;
    }
}

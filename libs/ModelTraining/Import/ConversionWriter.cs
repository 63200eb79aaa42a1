using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.ModelTraining.Import;

/// <summary>
/// The rows, in event-time order, become our formats: each page view a line of events.jsonl (the wire format, written
/// straight from the row's bytes), each order an offline-store purchase, and the sampled users' lines a list for
/// training. The only state kept per user is what cutting sessions needs (datasets without session ids).
/// </summary>
internal sealed class ConversionWriter(DatasetSchema schema, Stream output, UserSample<byte[]> sample, TimeSpan sessionTimeout) : IImportedRowSink
{
    private const int FlushBytes = 1 << 20;

    /// <summary>Where a cut session id is built in the scratch buffer, after the longest page (a user id has at most 128 characters).</summary>
    private const int SessionScratch = CsvLineReader.MaxLineBytes + 16;


    private readonly ArrayBufferWriter<byte> _buffer = new(FlushBytes + 64 * 1024);
    private readonly byte[] _scratch = new byte[SessionScratch + 256];
    private readonly long _timeoutTicks = sessionTimeout.Ticks;
    private readonly List<PurchaseRecord> _purchases = [];

    // Orders of datasets with sessions (REES46): the purchase rows of one user session in the same second.
    private readonly List<OpenOrder> _open = [];
    private readonly Dictionary<string, int> _openByKey = new(StringComparer.Ordinal);
    private long _openTicks = long.MinValue;

    // Orders of datasets with order ids (RetailRocket), and the visitors' sessions cut from inactivity.
    private readonly Dictionary<string, List<ulong>> _transactions = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, Visitor> _visitors = [];
    private readonly Dictionary<string, Visitor> _collidedVisitors = new(StringComparer.Ordinal);

    public long Events { get; private set; }

    public long PurchaseRows { get; private set; }

    public long DuplicatePurchaseRows { get; private set; }

    public long DerivedSessions { get; private set; }

    public long? FirstEventTicks { get; private set; }

    public long? LastEventTicks { get; private set; }

    public IReadOnlyList<PurchaseRecord> Purchases => _purchases;

    public void Accept(in ImportedRow row)
    {
        if (row.Ticks != _openTicks && _open.Count > 0) CloseOrders();
        if (row.Kind == RowKind.Purchase) AddPurchaseRow(row);
        else WriteEvent(row);
    }

    /// <summary>Closes the last orders and writes what is buffered.</summary>
    public void Complete()
    {
        CloseOrders();
        output.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
        output.Flush();
    }

    private void WriteEvent(in ImportedRow row)
    {
        var userHash = UserHash.Of(row.User);
        var lineStart = _buffer.WrittenCount;
        Span<byte> id = stackalloc byte[16];
        row.Hash.TryFormat(id, out _, "x16", provider: null);
        Span<byte> timestamp = stackalloc byte[24];
        FormatTime(row.Ticks, timestamp);
        var session = schema.HasSessions ? row.Session : CutSession(row, userHash);
        var page = Page(row);

        // The wire contract's JSON, member by member in its order, nulls left out (a test holds it to PageViewJson.Serialize).
        var product = row.Product;
        var category = row.Category;
        var line = _buffer.GetSpan(128 + 6 * (row.User.Length + session.Length + page.Length + product.Length + category.Length));
        var n = Put(line, 0, "{\"eventId\":\""u8);
        n = Put(line, n, id);
        n = Put(line, n, "\",\"userId\":\""u8);
        n = PutEscaped(line, n, row.User);
        n = Put(line, n, "\",\"sessionId\":\""u8);
        n = PutEscaped(line, n, session);
        n = Put(line, n, "\",\"page\":\""u8);
        n = PutEscaped(line, n, page);
        n = Put(line, n, "\",\"timestamp\":\""u8);
        n = Put(line, n, timestamp);
        n = Put(line, n, "\""u8);
        if (!product.IsEmpty)
        {
            n = Put(line, n, ",\"productId\":\""u8);
            n = PutEscaped(line, n, product);
            n = Put(line, n, "\""u8);
        }

        if (!category.IsEmpty)
        {
            n = Put(line, n, ",\"category\":\""u8);
            n = PutEscaped(line, n, category);
            n = Put(line, n, "\""u8);
        }

        if (Price(row) is { } price)
        {
            n = Put(line, n, ",\"price\":"u8);
            price.TryFormat(line[n..], out var digits, provider: CultureInfo.InvariantCulture);
            n += digits;
        }

        line[n++] = (byte)'}';
        _buffer.Advance(n);
        if (sample.Keeps(userHash)) sample.Add(userHash, _buffer.WrittenSpan[lineStart..].ToArray());
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        if (_buffer.WrittenCount >= FlushBytes)
        {
            output.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
        }

        Events++;
        FirstEventTicks ??= row.Ticks;
        LastEventTicks = row.Ticks;
    }

    private static int Put(Span<byte> line, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(line[at..]);
        return at + bytes.Length;
    }

    /// <summary>A string's content as JSON writes it with the default encoder: most values need no escaping and are copied.</summary>
    private static int PutEscaped(Span<byte> line, int at, ReadOnlySpan<byte> value) =>
        Put(line, at, JavaScriptEncoder.Default.FindFirstCharacterToEncodeUtf8(value) < 0 ? value : JsonEncodedText.Encode(value).EncodedUtf8Bytes);

    /// <summary>Only a product view carries a price (the viewed price); a cart row's price is the same product's.</summary>
    private static double? Price(in ImportedRow row) =>
        row.Kind == RowKind.ProductView && row.PriceCents != SourceRow.NoPrice ? row.PriceCents / 100.0 : null;

    private ReadOnlySpan<byte> Page(in ImportedRow row)
    {
        if (row.Kind == RowKind.Cart) return "/cart"u8;
        if (row.Product.IsEmpty) return "/product"u8;
        "/product/"u8.CopyTo(_scratch);
        row.Product.CopyTo(_scratch.AsSpan(9));
        return _scratch.AsSpan(0, 9 + row.Product.Length);
    }

    /// <summary>
    /// <c>{user}-{n}</c>, n counting the user's sessions: a new one after more than the session timeout without a page
    /// view, exactly the window rules' inactivity cut, so the sessions we name are the sessions the pipeline sees.
    /// </summary>
    private ReadOnlySpan<byte> CutSession(in ImportedRow row, ulong userHash)
    {
        var visitor = VisitorOf(row.User, userHash);
        if (visitor.Sessions == 0 || row.Ticks - visitor.LastTicks > _timeoutTicks)
        {
            visitor.Sessions++;
            DerivedSessions++;
        }

        visitor.LastTicks = row.Ticks;
        var destination = _scratch.AsSpan(SessionScratch);
        row.User.CopyTo(destination);
        destination[row.User.Length] = (byte)'-';
        Utf8Formatter.TryFormat(visitor.Sessions, destination[(row.User.Length + 1)..], out var digits);
        return destination[..(row.User.Length + 1 + digits)];
    }

    private Visitor VisitorOf(ReadOnlySpan<byte> user, ulong userHash)
    {
        if (!_visitors.TryGetValue(userHash, out var visitor))
        {
            _visitors[userHash] = visitor = new Visitor(user.ToArray());
            return visitor;
        }

        if (visitor.User.AsSpan().SequenceEqual(user)) return visitor;

        // Two user ids with one 64-bit hash: rare enough to key the second by its text.
        var key = Encoding.UTF8.GetString(user);
        if (!_collidedVisitors.TryGetValue(key, out var other)) _collidedVisitors[key] = other = new Visitor(user.ToArray());
        return other;
    }

    private void AddPurchaseRow(in ImportedRow row)
    {
        var user = Encoding.UTF8.GetString(row.User);
        List<ulong> rows;
        if (schema.HasSessions)
        {
            // An order: the purchase rows of one user session in one second (REES46 writes an order's items so).
            var key = string.Concat(user, "\n", Encoding.UTF8.GetString(row.Session));
            if (!_openByKey.TryGetValue(key, out var index))
            {
                _openByKey[key] = index = _open.Count;
                _open.Add(new OpenOrder(user, []));
            }

            _openTicks = row.Ticks;
            var order = _open[index];
            rows = order.Rows;
            if (rows.Contains(row.Hash))
            {
                DuplicatePurchaseRows++;
                return;
            }

            if (row.PriceCents != SourceRow.NoPrice) order.Cents += row.PriceCents;
        }
        else
        {
            // An order: the rows of one transaction id; amounts are unknown (0), the time is its first row's.
            var key = string.Concat(user, "\n", Encoding.UTF8.GetString(row.Transaction));
            if (!_transactions.TryGetValue(key, out rows!))
            {
                _transactions[key] = rows = [];
                _purchases.Add(new PurchaseRecord(_purchases.Count + 1, user, 0m, WholeSecondAtOrAfter(row.Ticks)));
            }
            else if (rows.Contains(row.Hash))
            {
                DuplicatePurchaseRows++;
                return;
            }
        }

        rows.Add(row.Hash);
        PurchaseRows++;
    }

    private void CloseOrders()
    {
        foreach (var order in _open) _purchases.Add(new PurchaseRecord(_purchases.Count + 1, order.User, order.Cents / 100m, WholeSecondAtOrAfter(_openTicks)));
        _open.Clear();
        _openByKey.Clear();
    }

    /// <summary>
    /// The offline store's DATETIME holds whole seconds. Rounding up, never down, keeps a purchase after every page
    /// view it followed, so neither a label nor the point-in-time cut can move it before one of them.
    /// </summary>
    private static DateTimeOffset WholeSecondAtOrAfter(long ticks)
    {
        var rest = ticks % TimeSpan.TicksPerSecond;
        return new DateTimeOffset(rest == 0 ? ticks : ticks - rest + TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    /// <summary><c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, the form <see cref="Rfc3339.Format"/> writes.</summary>
    private static void FormatTime(long ticks, Span<byte> s)
    {
        var time = new DateTime(ticks, DateTimeKind.Utc);
        var (year, month, day) = time;
        Digits(s, 0, year, 4);
        s[4] = (byte)'-';
        Digits(s, 5, month, 2);
        s[7] = (byte)'-';
        Digits(s, 8, day, 2);
        s[10] = (byte)'T';
        Digits(s, 11, time.Hour, 2);
        s[13] = (byte)':';
        Digits(s, 14, time.Minute, 2);
        s[16] = (byte)':';
        Digits(s, 17, time.Second, 2);
        s[19] = (byte)'.';
        Digits(s, 20, time.Millisecond, 3);
        s[23] = (byte)'Z';
    }

    private static void Digits(Span<byte> s, int start, int value, int length)
    {
        for (var i = start + length - 1; i >= start; i--)
        {
            s[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    private sealed class OpenOrder(string user, List<ulong> rows)
    {
        public string User { get; } = user;

        public List<ulong> Rows { get; } = rows;

        public long Cents { get; set; }
    }

    private sealed class Visitor(byte[] user)
    {
        public byte[] User { get; } = user;

        public long LastTicks { get; set; }

        public int Sessions { get; set; }
    }
}

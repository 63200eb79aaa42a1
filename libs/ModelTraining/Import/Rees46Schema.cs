namespace DaprPredictor.ModelTraining.Import;

/// <summary>
/// REES46: a row per view, cart, remove_from_cart or purchase of one product, with its price, in a user_session.
/// view → a product page (with the price); cart and remove_from_cart → the cart page; purchase → an item of an order.
/// category_code when the row has one, else category_id. Times are <c>yyyy-MM-dd HH:mm:ss UTC</c>.
/// </summary>
internal sealed class Rees46Schema : DatasetSchema
{
    public override DatasetFormat Format => DatasetFormat.Rees46;

    public override bool HasSessions => true;

    protected override string[] Columns { get; } = ["event_time", "event_type", "product_id", "category_id", "category_code", "price", "user_id", "user_session"];

    protected override BadRowReason? Read(ReadOnlySpan<byte> text, scoped Span<Range> columns, ref SourceRow row)
    {
        if (!TryParseTime(text[columns[0]], out row.Ticks)) return BadRowReason.UnparsableTime;
        var type = text[columns[1]];
        if (type.SequenceEqual("view"u8)) row.Kind = RowKind.ProductView;
        else if (type.SequenceEqual("cart"u8) || type.SequenceEqual("remove_from_cart"u8)) row.Kind = RowKind.Cart;
        else if (type.SequenceEqual("purchase"u8)) row.Kind = RowKind.Purchase;
        else return BadRowReason.UnknownEventType;

        row.User = text[columns[6]];
        if (CheckUser(row.User) is { } user) return user;
        row.Session = text[columns[7]];
        if (row.Session.IsEmpty) return BadRowReason.MissingSession;
        if (ParsePrice(text[columns[5]], out row.PriceCents) is { } price) return price;

        row.Product = text[columns[2]];
        var code = text[columns[4]];
        row.Category = code.IsEmpty ? text[columns[3]] : code;
        row.Transaction = default;
        return null;
    }

    /// <summary><c>2019-10-01 00:00:00 UTC</c>, digit by digit (every row has one).</summary>
    public static bool TryParseTime(ReadOnlySpan<byte> s, out long ticks)
    {
        ticks = 0;
        if (s.Length != 23 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' || !s[19..].SequenceEqual(" UTC"u8)) return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day) ||
            !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int length, out int value)
    {
        value = 0;
        for (var i = start; i < start + length; i++)
        {
            var digit = s[i] - '0';
            if ((uint)digit > 9) return false;
            value = value * 10 + digit;
        }

        return true;
    }
}

using System.Buffers.Text;

namespace DaprPredictor.ModelTraining.Import;

/// <summary>
/// RetailRocket events.csv: view → a product page, addtocart → the cart page, transaction → an item of the order
/// <c>transactionid</c>. Times are epoch milliseconds. The file has no sessions (they are cut from inactivity) and no
/// prices: every amount is 0 and no page carries a price.
/// </summary>
internal sealed class RetailRocketSchema : DatasetSchema
{
    private static readonly long MaxMilliseconds = (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    public override DatasetFormat Format => DatasetFormat.RetailRocket;

    public override bool HasSessions => false;

    protected override string[] Columns { get; } = ["timestamp", "visitorid", "event", "itemid", "transactionid"];

    protected override BadRowReason? Read(ReadOnlySpan<byte> text, scoped Span<Range> columns, ref SourceRow row)
    {
        var time = text[columns[0]];
        if (!Utf8Parser.TryParse(time, out long milliseconds, out var consumed) || consumed != time.Length || milliseconds < 0 || milliseconds > MaxMilliseconds)
        {
            return BadRowReason.UnparsableTime;
        }

        row.Ticks = DateTime.UnixEpoch.Ticks + milliseconds * TimeSpan.TicksPerMillisecond;
        var type = text[columns[2]];
        if (type.SequenceEqual("view"u8)) row.Kind = RowKind.ProductView;
        else if (type.SequenceEqual("addtocart"u8)) row.Kind = RowKind.Cart;
        else if (type.SequenceEqual("transaction"u8)) row.Kind = RowKind.Purchase;
        else return BadRowReason.UnknownEventType;

        row.User = text[columns[1]];
        if (CheckUser(row.User) is { } user) return user;
        row.Transaction = row.Kind == RowKind.Purchase ? text[columns[4]] : default;
        if (row.Kind == RowKind.Purchase && row.Transaction.IsEmpty) return BadRowReason.MissingTransaction;

        row.Session = default;
        row.Product = text[columns[3]];
        row.Category = default;
        row.PriceCents = SourceRow.NoPrice;
        return null;
    }
}

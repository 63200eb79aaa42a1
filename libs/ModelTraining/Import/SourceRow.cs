namespace DaprPredictor.ModelTraining.Import;

/// <summary>One dataset row read into our terms; the spans point into the line being read.</summary>
internal ref struct SourceRow
{
    public const long NoPrice = long.MinValue;

    public long Ticks;
    public RowKind Kind;

    /// <summary>The price in cents, or <see cref="NoPrice"/>.</summary>
    public long PriceCents;

    public ReadOnlySpan<byte> User;

    /// <summary>The dataset's session id; empty when the dataset has none (sessions are then derived).</summary>
    public ReadOnlySpan<byte> Session;

    public ReadOnlySpan<byte> Product;
    public ReadOnlySpan<byte> Category;

    /// <summary>The order a purchase row belongs to, when the dataset says (RetailRocket's transactionid).</summary>
    public ReadOnlySpan<byte> Transaction;
}

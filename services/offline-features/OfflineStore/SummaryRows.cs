using System.Globalization;
using System.Text;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.OfflineFeatures.OfflineStore;

/// <summary>
/// Reads the Dapr MySQL binding's answer to <see cref="PurchaseSummaryQuery.Sql"/>. The binding writes a JSON array of
/// row objects keyed by column name, or the literal <c>null</c> when there are no rows; a NULL column is left out of its
/// row; DECIMAL is the driver's exact text in a JSON string, DATETIME an RFC 3339 string, integers JSON numbers.
/// Decimals are parsed from their text (a string, or a number from other drivers), never through a double, and a value
/// with more digits than a decimal holds is refused rather than rounded. Anything else is an
/// <see cref="OfflineStorePayloadException"/> that names the row and column.
/// </summary>
public static class SummaryRows
{
    public const string Amount = "amount";
    public const string PurchasedAt = "purchased_at";
    public const string PurchaseCount = "purchase_count";
    public const string TotalSpend = "total_spend";

    public static PurchaseSummary Parse(ReadOnlySpan<byte> payload) => ParseCore(payload, pairs: null)[0];

    /// <summary>
    /// Reads the answer to <see cref="PurchaseSummaryBatchQuery.Sql"/> for <paramref name="pairs"/> pairs: the single
    /// query's rows for each pair, tagged with the pair's number in <see cref="PurchaseSummaryBatchQuery.PairColumn"/> and
    /// ordered by it; a pair without rows has no purchases. The rows of each pair are checked as <see cref="Parse"/>
    /// checks the single query's.
    /// </summary>
    public static PurchaseSummary[] ParseBatch(ReadOnlySpan<byte> payload, int pairs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pairs, 1);
        return ParseCore(payload, pairs);
    }

    private static PurchaseSummary[] ParseCore(ReadOnlySpan<byte> payload, int? pairs)
    {
        if (payload.IsEmpty) throw Error("the binding returned no data; a query answers a JSON array of rows or null.");
        var summaries = new PurchaseSummary[pairs ?? 1];
        Array.Fill(summaries, PurchaseSummary.Empty);
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 8 });
        try
        {
            if (!reader.Read()) throw Error("the binding's answer holds no JSON value.");
            switch (reader.TokenType)
            {
                case JsonTokenType.Null: break;
                case JsonTokenType.StartArray: ReadRows(ref reader, summaries, pairs is not null); break;
                case var other: throw Error($"expected a JSON array of rows or null, got {JsonErrors.Token(other)}.");
            }

            if (reader.Read()) throw Error($"unexpected {JsonErrors.Token(reader.TokenType)} after the rows.");
            return summaries;
        }
        catch (JsonException ex)
        {
            throw new OfflineStorePayloadException($"The binding's answer is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Reads the rows into <paramref name="summaries"/>: one group of rows for the single query, one per pair number for a batch.</summary>
    private static void ReadRows(ref Utf8JsonReader reader, PurchaseSummary[] summaries, bool batch)
    {
        Span<Row> rows = stackalloc Row[PurchaseSummary.RecentCount];
        var (count, number, pair, firstNumber) = (0, 0, -1L, 1);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            number++;
            if (!batch && count == rows.Length) throw Error($"more than {rows.Length} rows; the summary query returns at most {rows.Length}.");
            if (reader.TokenType != JsonTokenType.StartObject) throw Error($"row {number} is {JsonErrors.Token(reader.TokenType)}, not an object of columns.");
            var row = ReadRow(ref reader, number, batch);
            if (row.Pair < 0 || row.Pair >= summaries.Length) throw Error(number, PurchaseSummaryBatchQuery.PairColumn, $"pair {row.Pair}, but the query was sent {summaries.Length} pairs, numbered from 0.");
            if (row.Pair != pair)
            {
                if (row.Pair < pair) throw Error(number, PurchaseSummaryBatchQuery.PairColumn, $"pair {row.Pair} comes after pair {pair}; the query orders rows by pair.");
                if (count > 0) summaries[(int)pair] = Summarize(rows[..count], firstNumber);
                (count, pair, firstNumber) = (0, row.Pair, number);
            }

            if (count == rows.Length) throw Error($"more than {rows.Length} rows for pair {pair}; the summary query returns at most {rows.Length} per pair.");
            rows[count++] = row;
        }

        if (count > 0) summaries[(int)pair] = Summarize(rows[..count], firstNumber);
    }

    /// <summary>One user's rows (row numbers from <paramref name="firstNumber"/>), newest first, into their summary.</summary>
    private static PurchaseSummary Summarize(ReadOnlySpan<Row> rows, int firstNumber)
    {
        var first = rows[0];
        var count = rows.Length;
        if (first.Count < count) throw Error($"row {firstNumber} has {PurchaseCount} {first.Count}, but {count} rows came back.");
        if (first.Count > int.MaxValue) throw Error($"row {firstNumber} has {PurchaseCount} {first.Count}, more than the summary can hold.");
        var amounts = new decimal[count];
        for (var i = 0; i < count; i++)
        {
            var row = rows[i];
            amounts[i] = row.Amount;
            if (i == 0) continue;
            var (number, previous) = (firstNumber + i, firstNumber + i - 1);
            // Every row carries the same totals (a cross join, or a window over the pair) and rows come newest first (the ORDER BY).
            if (row.Count != first.Count) throw Error($"row {number} has {PurchaseCount} {row.Count} but row {firstNumber} has {first.Count}.");
            if (row.Total != first.Total) throw Error($"row {number} has {TotalSpend} {row.Total} but row {firstNumber} has {first.Total}.");
            if (row.PurchasedAt > rows[i - 1].PurchasedAt)
            {
                throw Error($"row {number} has {PurchasedAt} {Rfc3339.Format(row.PurchasedAt)}, later than row {previous}; the query returns newest first.");
            }
        }

        return new PurchaseSummary((int)first.Count, first.Total, first.PurchasedAt, amounts);
    }

    private static Row ReadRow(ref Utf8JsonReader reader, int number, bool batch)
    {
        decimal? amount = null, total = null;
        DateTimeOffset? purchasedAt = null;
        long? purchaseCount = null, pair = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var column = ColumnOf(ref reader, batch);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null) continue; // the binding omits NULLs; an explicit null means the same
            switch (column)
            {
                case Amount: amount = ReadDecimal(ref reader, number, column); break;
                case TotalSpend: total = ReadDecimal(ref reader, number, column); break;
                case PurchasedAt: purchasedAt = ReadDateTime(ref reader, number, column); break;
                case PurchaseCount: purchaseCount = ReadInteger(ref reader, number, column); break;
                case PurchaseSummaryBatchQuery.PairColumn: pair = ReadInteger(ref reader, number, column); break;
                default: reader.Skip(); break; // a column the query does not select: not ours to judge
            }
        }

        return new Row(
            amount ?? throw Missing(number, Amount),
            purchasedAt ?? throw Missing(number, PurchasedAt),
            purchaseCount ?? throw Missing(number, PurchaseCount),
            total ?? throw Missing(number, TotalSpend),
            batch ? pair ?? throw Missing(number, PurchaseSummaryBatchQuery.PairColumn) : 0);
    }

    private static string ColumnOf(ref Utf8JsonReader reader, bool batch) =>
        reader.ValueTextEquals(Amount) ? Amount
        : reader.ValueTextEquals(PurchasedAt) ? PurchasedAt
        : reader.ValueTextEquals(PurchaseCount) ? PurchaseCount
        : reader.ValueTextEquals(TotalSpend) ? TotalSpend
        : batch && reader.ValueTextEquals(PurchaseSummaryBatchQuery.PairColumn) ? PurchaseSummaryBatchQuery.PairColumn
        : string.Empty;

    private static decimal ReadDecimal(ref Utf8JsonReader reader, int row, string column)
    {
        var text = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString()!,
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
            var other => throw Error(row, column, $"expected a DECIMAL as a string or number, got {JsonErrors.Token(other)}."),
        };

        const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (!decimal.TryParse(text, Styles, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(row, column, LooksLikeBase64Decimal(text, Styles)
                ? $"'{Truncate(text)}' is not a decimal number; it is base64 of one, as the MySQL binding of Dapr 1.14–1.16 writes an uncast DECIMAL column (select it CAST AS CHAR)."
                : $"'{Truncate(text)}' is not a decimal number.");
        }

        if (ExactDigits(text) != ExactDigits(value.ToString(CultureInfo.InvariantCulture)))
        {
            throw Error(row, column, $"'{Truncate(text)}' has more significant digits than a decimal holds; refusing to round it.");
        }

        return value;
    }

    private static bool LooksLikeBase64Decimal(string text, NumberStyles styles)
    {
        Span<byte> bytes = stackalloc byte[64];
        return text.Length <= 80 && Convert.TryFromBase64String(text, bytes, out var written)
            && decimal.TryParse(Encoding.ASCII.GetString(bytes[..written]), styles, CultureInfo.InvariantCulture, out _);
    }

    private static DateTimeOffset ReadDateTime(ref Utf8JsonReader reader, int row, string column)
    {
        if (reader.TokenType != JsonTokenType.String) throw Error(row, column, $"expected an RFC 3339 string, got {JsonErrors.Token(reader.TokenType)}.");
        var text = reader.GetString();
        return Rfc3339.TryParse(text, out var value)
            ? value
            : throw Error(row, column, $"'{Truncate(text!)}' is not an RFC 3339 date-time with an offset (e.g. 2026-01-02T15:04:05Z).");
    }

    private static long ReadInteger(ref Utf8JsonReader reader, int row, string column)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number)) return number;
        if (reader.TokenType == JsonTokenType.String && long.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed; // some drivers send BIGINT as text
        }

        var shown = reader.TokenType switch
        {
            JsonTokenType.String => $"'{Truncate(reader.GetString()!)}'",
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
            var other => JsonErrors.Token(other),
        };
        throw Error(row, column, $"expected an integer, got {shown}.");
    }

    /// <summary>A number's value as sign, significant digits and exponent, so that "12.50", "1.25e1" and "12.5" compare equal.</summary>
    private static string ExactDigits(string text)
    {
        var negative = text.StartsWith('-');
        var body = text.TrimStart('-', '+');
        var exponent = 0L;
        var e = body.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            exponent = long.Parse(body.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }

        var point = body.IndexOf('.', StringComparison.Ordinal);
        if (point >= 0)
        {
            exponent -= body.Length - point - 1;
            body = body.Remove(point, 1);
        }

        body = body.TrimStart('0');
        var significant = body.TrimEnd('0');
        if (significant.Length == 0) return "0";
        exponent += body.Length - significant.Length;
        return string.Create(CultureInfo.InvariantCulture, $"{(negative ? "-" : "")}{significant}e{exponent}");
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static OfflineStorePayloadException Missing(int row, string column) =>
        Error(row, column, "absent; the binding leaves NULL columns out, and the summary query never returns NULL in this column.");

    private static OfflineStorePayloadException Error(int row, string column, string problem) => Error($"row {row}, column '{column}': {problem}");

    private static OfflineStorePayloadException Error(string problem) =>
        new($"The Dapr MySQL binding's answer is not what the purchase summary query returns: {problem}");

    private readonly record struct Row(decimal Amount, DateTimeOffset PurchasedAt, long Count, decimal Total, long Pair);
}

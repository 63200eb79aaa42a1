using System.Globalization;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.OfflineFeatures.OfflineStore;

/// <summary>
/// The one query offline-features runs on the <see cref="OfflineStoreSchema"/> table. Input only ever travels as
/// <c>?</c> parameters (the binding's <c>params</c> metadata), never inside the SQL text.
/// </summary>
public static class PurchaseSummaryQuery
{
    /// <summary>
    /// Up to three rows, newest first: each carries one recent amount and time plus the user's count and total before
    /// the as-of time. No purchases gives no rows. Parameters: user id, as-of, user id, as-of (see <see cref="Parameters"/>).
    /// The DECIMAL columns are cast to CHAR: the Dapr MySQL binding renders a DECIMAL as a JSON string of its digits from
    /// Dapr 1.17 (go-sql-driver 1.8) but as base64 of them on Dapr 1.14–1.16 (go-sql-driver 1.7.1 scans it into
    /// RawBytes, and components-contrib bindings/mysql/mysql.go turns RawBytes into text only for CHAR/VARCHAR/TEXT
    /// columns); a CHAR column is the same plain string on every version.
    /// </summary>
    public const string Sql = """
        SELECT CAST(p.amount AS CHAR) AS amount, p.purchased_at, s.purchase_count, CAST(s.total_spend AS CHAR) AS total_spend
        FROM purchases AS p
        CROSS JOIN (
          SELECT COUNT(*) AS purchase_count, SUM(amount) AS total_spend
          FROM purchases
          WHERE user_id = ? AND purchased_at < ?
        ) AS s
        WHERE p.user_id = ? AND p.purchased_at < ?
        ORDER BY p.purchased_at DESC, p.purchase_id DESC
        LIMIT 3
        """;

    /// <summary>
    /// The query's positional parameters. Times go as UTC 'yyyy-MM-dd HH:mm:ss.ffffff', which MySQL and MariaDB compare
    /// as times to the microsecond (not as text). A finer as-of is rounded up to the next microsecond: the server would
    /// truncate it, excluding a purchase a few ticks before it; stored times have at most microseconds, so for them
    /// <c>p &lt; asOf</c> holds exactly when <c>p &lt; ceiling(asOf)</c>, and the query answers
    /// <see cref="PurchaseSummary.FromHistory"/> for the exact as-of.
    /// </summary>
    public static string[] Parameters(string userId, DateTimeOffset asOf)
    {
        var time = FormatDateTime(CeilingToMicrosecond(asOf));
        return [userId, time, userId, time];
    }

    public static DateTimeOffset CeilingToMicrosecond(DateTimeOffset value)
    {
        var remainder = value.UtcTicks % TimeSpan.TicksPerMicrosecond;
        return remainder == 0 || value.UtcTicks > DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerMicrosecond
            ? value
            : value.AddTicks(TimeSpan.TicksPerMicrosecond - remainder);
    }

    public static string FormatDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
}

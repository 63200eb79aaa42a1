using System.Globalization;

namespace DaprPredictor.Domain.Features;

/// <summary>
/// The offline store's schema and the one query that reads it. Both the training seed and the MySQL binding use these
/// strings; input only ever travels as <c>?</c> parameters, never inside the SQL text.
/// </summary>
public static class OfflineStoreSql
{
    public const string TableName = "purchases";

    public const string CreateTable = """
        CREATE TABLE IF NOT EXISTS purchases (
          purchase_id BIGINT NOT NULL PRIMARY KEY,
          user_id VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
          amount DECIMAL(12,2) NOT NULL,
          purchased_at DATETIME NOT NULL,
          KEY ix_purchases_user_time (user_id, purchased_at)
        )
        """;

    /// <summary>
    /// Up to three rows, newest first: each carries one recent amount and time plus the user's count and total before
    /// the as-of time. No purchases gives no rows. Parameters: user id, as-of, user id, as-of (see <see cref="Parameters"/>).
    /// </summary>
    public const string SummaryQuery = """
        SELECT p.amount, p.purchased_at, s.purchase_count, s.total_spend
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

/// <summary>When the offline features of an event are taken: the start of its session, so that a session sees one stable history.</summary>
public static class PointInTime
{
    public static DateTimeOffset OfflineAsOf(Windows.UserWindow window) => window.SessionStart;
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using DaprPredictor.Contracts;

namespace DaprPredictor.OfflineFeatures.OfflineStore;

/// <summary>
/// <see cref="PurchaseSummaryQuery"/> for several (user id, as-of) pairs in one statement: for each pair, the same rows
/// the single query returns for it (its newest three purchases before its as-of, each with the pair's count and total),
/// tagged with the pair's position in a <c>pair</c> column and ordered by pair, then newest first. A pair without
/// purchases has no rows. Input travels only as <c>?</c> parameters (user id and as-of per pair, see
/// <see cref="Parameters"/>); the SQL text depends on nothing but the number of pairs, and the pair numbers in it are
/// positions, not input.
/// </summary>
/// <remarks>
/// The pairs arrive as a derived table of <c>SELECT n, ?, CAST(? AS DATETIME(6))</c> rows joined with UNION ALL; window
/// functions (MariaDB 10.2+, MySQL 8) count, sum and rank each pair's purchases, so the join reads each pair's rows once
/// through <c>ix_purchases_user_time</c>, as the single query does. The as-of is cast to DATETIME(6) so that it is
/// compared as a time to the microsecond, as the single query's string parameter is; the user id stays a parameter of
/// the connection's character set, which the column's binary collation outranks, so ids that differ in case or accents
/// stay apart. The DECIMAL columns are cast to CHAR for the reason <see cref="PurchaseSummaryQuery.Sql"/> gives (base64
/// on Dapr 1.14–1.16 otherwise).
/// </remarks>
public static class PurchaseSummaryBatchQuery
{
    /// <summary>The column that numbers each row's pair, from 0 in the order of <see cref="Parameters"/>.</summary>
    public const string PairColumn = "pair";

    /// <summary>
    /// The most pairs one statement carries (<see cref="OfflineStoreOptions.MaxQueryPairs"/> may not exceed it): the text
    /// and the parameter list grow with every pair, and MySQL's prepared statements take at most 65,535 placeholders.
    /// </summary>
    public const int MaxPairs = 1000;

    private static readonly ConcurrentDictionary<int, string> Texts = new();

    /// <summary>The statement for <paramref name="pairs"/> pairs (1 to <see cref="MaxPairs"/>); the same text for the same count.</summary>
    public static string Sql(int pairs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pairs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pairs, MaxPairs);
        return Texts.GetOrAdd(pairs, Build);
    }

    /// <summary>User id and as-of for each pair in order, the as-of formatted and rounded as the single query's (<see cref="PurchaseSummaryQuery.Parameters"/>).</summary>
    public static string[] Parameters(IReadOnlyList<OfflineFeaturesPair> pairs)
    {
        var parameters = new string[pairs.Count * 2];
        for (var i = 0; i < pairs.Count; i++)
        {
            parameters[2 * i] = pairs[i].UserId;
            parameters[(2 * i) + 1] = PurchaseSummaryQuery.FormatDateTime(PurchaseSummaryQuery.CeilingToMicrosecond(pairs[i].AsOf));
        }

        return parameters;
    }

    private static string Build(int pairs)
    {
        var rows = new StringBuilder();
        for (var i = 0; i < pairs; i++)
        {
            rows.Append(i == 0 ? "    SELECT " : "    UNION ALL SELECT ")
                .Append(i.ToString(CultureInfo.InvariantCulture))
                .Append(i == 0 ? " AS pair, ? AS user_id, CAST(? AS DATETIME(6)) AS as_of\n" : ", ?, CAST(? AS DATETIME(6))\n");
        }

        return $"""
            SELECT r.pair, CAST(r.amount AS CHAR) AS amount, r.purchased_at, r.purchase_count, CAST(r.total_spend AS CHAR) AS total_spend
            FROM (
              SELECT q.pair, p.amount, p.purchased_at,
                COUNT(*) OVER (PARTITION BY q.pair) AS purchase_count,
                SUM(p.amount) OVER (PARTITION BY q.pair) AS total_spend,
                ROW_NUMBER() OVER (PARTITION BY q.pair ORDER BY p.purchased_at DESC, p.purchase_id DESC) AS recency
              FROM (
            {rows}  ) AS q
              JOIN purchases AS p ON p.user_id = q.user_id AND p.purchased_at < q.as_of
            ) AS r
            WHERE r.recency <= 3
            ORDER BY r.pair, r.recency
            """;
    }
}

using DaprPredictor.Domain.Features;

namespace DaprPredictor.OfflineFeatures.Tests;

/// <summary>
/// Answers of the Dapr MySQL binding to the summary query, in the shapes it produces (components-contrib bindings/mysql:
/// go-sql-driver with parseTime, encoding/json) and the variations other drivers or versions produce, with what each means.
/// </summary>
public static class RecordedPayloads
{
    private static readonly DateTimeOffset Jan2 = new(2026, 1, 2, 15, 4, 5, TimeSpan.Zero);

    public static readonly IReadOnlyDictionary<string, (string Payload, PurchaseSummary Expected)> Valid =
        new Dictionary<string, (string, PurchaseSummary)>
        {
            ["zero rows: the literal null"] = ("null", PurchaseSummary.Empty),
            ["zero rows: an empty array"] = ("[]", PurchaseSummary.Empty),
            ["zero rows: null with whitespace"] = (" \n null \n", PurchaseSummary.Empty),
            ["one row, DECIMAL strings, keys sorted as Go writes them (Dapr 1.17+; any version with the CAST)"] = (
                """[{"amount":"12.50","purchase_count":1,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"12.50"}]""",
                new PurchaseSummary(1, 12.50m, Jan2, [12.50m])),
            ["three rows of seven purchases"] = (
                """
                [{"amount":"10.00","purchase_count":7,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"300.10"},
                 {"amount":"20.05","purchase_count":7,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"300.10"},
                 {"amount":"0.01","purchase_count":7,"purchased_at":"2025-12-31T23:59:59Z","total_spend":"300.10"}]
                """,
                new PurchaseSummary(7, 300.10m, Jan2, [10.00m, 20.05m, 0.01m])),
            ["columns in another order"] = (
                """[{"total_spend":"5.00","purchased_at":"2026-01-02T15:04:05Z","amount":"5.00","purchase_count":1}]""",
                new PurchaseSummary(1, 5m, Jan2, [5m])),
            ["DATETIME(6) with microseconds"] = (
                """[{"amount":"1.00","purchase_count":1,"purchased_at":"2026-01-02T15:04:05.123456Z","total_spend":"1.00"}]""",
                new PurchaseSummary(1, 1m, Jan2.AddTicks(1_234_560), [1m])),
            ["DATETIME with trailing fraction zeros dropped"] = (
                """[{"amount":"1.00","purchase_count":1,"purchased_at":"2026-01-02T15:04:05.5Z","total_spend":"1.00"}]""",
                new PurchaseSummary(1, 1m, Jan2.AddMilliseconds(500), [1m])),
            ["DATETIME with an offset (a DSN with loc set)"] = (
                """[{"amount":"1.00","purchase_count":1,"purchased_at":"2026-01-02T17:04:05+02:00","total_spend":"1.00"}]""",
                new PurchaseSummary(1, 1m, Jan2, [1m])),
            ["DATETIME with lower-case t and z"] = (
                """[{"amount":"1.00","purchase_count":1,"purchased_at":"2026-01-02t15:04:05z","total_spend":"1.00"}]""",
                new PurchaseSummary(1, 1m, Jan2, [1m])),
            ["DECIMAL as JSON numbers (other drivers)"] = (
                """[{"amount":12.5,"purchase_count":2,"purchased_at":"2026-01-02T15:04:05Z","total_spend":25.10}]""",
                new PurchaseSummary(2, 25.10m, Jan2, [12.5m])),
            ["DECIMAL as a number with an exponent"] = (
                """[{"amount":1.25e1,"purchase_count":1,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"1250E-2"}]""",
                new PurchaseSummary(1, 12.5m, Jan2, [12.5m])),
            ["the largest DECIMAL(12,2) and an exact sum beyond a double's precision"] = (
                """[{"amount":"9999999999.99","purchase_count":3,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"29999999999.97"}]""",
                new PurchaseSummary(3, 29_999_999_999.97m, Jan2, [9_999_999_999.99m])),
            ["29 significant digits still fit a decimal exactly"] = (
                """[{"amount":"0.01","purchase_count":1,"purchased_at":"2026-01-02T15:04:05Z","total_spend":79228162514264337593543950335}]""",
                new PurchaseSummary(1, decimal.MaxValue, Jan2, [0.01m])),
            ["a negative amount (a refund row)"] = (
                """[{"amount":"-3.00","purchase_count":1,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"-3.00"}]""",
                new PurchaseSummary(1, -3m, Jan2, [-3m])),
            ["BIGINT count as a string (other drivers)"] = (
                """[{"amount":"1.00","purchase_count":"4","purchased_at":"2026-01-02T15:04:05Z","total_spend":"4.00"}]""",
                new PurchaseSummary(4, 4m, Jan2, [1m])),
            ["a column the query does not select is ignored"] = (
                """[{"amount":"1.00","extra":{"nested":[1,2]},"purchase_count":1,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"1.00"}]""",
                new PurchaseSummary(1, 1m, Jan2, [1m])),
            ["escaped column names"] = (
                """[{"\u0061mount":"1.00","purchase_count":1,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"1.00"}]""",
                new PurchaseSummary(1, 1m, Jan2, [1m])),
        };

    /// <summary>Payloads the query cannot have produced, and the words the error must contain (row and column where there is one).</summary>
    public static readonly IReadOnlyDictionary<string, (string Payload, string[] Mentions)> Invalid =
        new Dictionary<string, (string, string[])>
        {
            ["an empty payload"] = ("", ["no data"]),
            ["whitespace only"] = ("   ", ["not valid JSON"]),
            ["truncated JSON"] = ("""[{"amount":"1.00",""", ["not valid JSON"]),
            ["not JSON"] = ("<html>502 Bad Gateway</html>", ["not valid JSON"]),
            ["an object instead of rows"] = ("""{"amount":"1.00"}""", ["array of rows or null", "an object"]),
            ["a string instead of rows"] = ("\"null\"", ["array of rows or null", "a string"]),
            ["content after the rows"] = ("null null", ["not valid JSON"]),
            ["a row that is not an object"] = ("""[1]""", ["row 1", "a number"]),
            ["a NULL (absent) total_spend"] = (
                """[{"amount":"1.00","purchase_count":1,"purchased_at":"2026-01-02T15:04:05Z"}]""", ["row 1", "'total_spend'", "absent"]),
            ["an explicit null amount"] = (
                """[{"amount":null,"purchase_count":1,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"1.00"}]""", ["row 1", "'amount'", "absent"]),
            ["a boolean amount"] = (
                """[{"amount":true,"purchase_count":1,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"1.00"}]""", ["row 1", "'amount'", "a boolean"]),
            ["Dapr 1.14–1.16 without the CAST: a DECIMAL as base64 of its digits"] = (
                """[{"amount":"MTIuNTA=","purchase_count":1,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"MTIuNTA="}]""",
                ["row 1", "'amount'", "base64", "Dapr 1.14–1.16", "CAST AS CHAR"]),
            ["a decimal comma"] = (
                """[{"amount":"12,50","purchase_count":1,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"12.50"}]""", ["row 1", "'amount'", "'12,50'"]),
            ["a DECIMAL with padding"] = (
                """[{"amount":" 12.50","purchase_count":1,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"12.50"}]""", ["row 1", "'amount'", "not a decimal"]),
            ["NaN as a DECIMAL"] = (
                """[{"amount":"NaN","purchase_count":1,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"12.50"}]""", ["row 1", "'amount'", "'NaN'"]),
            ["a number with more digits than a decimal holds"] = (
                """[{"amount":0.1234567890123456789012345678901,"purchase_count":1,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"1.00"}]""",
                ["row 1", "'amount'", "refusing to round"]),
            ["a DECIMAL beyond a decimal's range"] = (
                """[{"amount":"1e40","purchase_count":1,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"1.00"}]""", ["row 1", "'amount'", "'1e40'"]),
            ["a MySQL-formatted DATETIME (no T, no offset)"] = (
                """[{"amount":"1.00","purchase_count":1,"purchased_at":"2026-01-02 15:04:05","total_spend":"1.00"}]""", ["row 1", "'purchased_at'", "RFC 3339"]),
            ["an RFC 3339 time without an offset"] = (
                """[{"amount":"1.00","purchase_count":1,"purchased_at":"2026-01-02T15:04:05","total_spend":"1.00"}]""", ["row 1", "'purchased_at'", "RFC 3339"]),
            ["a DATETIME as a Unix timestamp number"] = (
                """[{"amount":"1.00","purchase_count":1,"purchased_at":1767366245,"total_spend":"1.00"}]""", ["row 1", "'purchased_at'", "a number"]),
            ["a fractional count"] = (
                """[{"amount":"1.00","purchase_count":1.5,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"1.00"}]""", ["row 1", "'purchase_count'", "1.5"]),
            ["a count that is not a number"] = (
                """[{"amount":"1.00","purchase_count":"one","purchased_at":"2026-01-02T15:04:05Z","total_spend":"1.00"}]""", ["row 1", "'purchase_count'", "'one'"]),
            ["the second row lacks its time"] = (
                """[{"amount":"1.00","purchase_count":2,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"2.00"},{"amount":"1.00","purchase_count":2,"total_spend":"2.00"}]""",
                ["row 2", "'purchased_at'", "absent"]),
            ["four rows"] = (
                """[{"amount":"1.00","purchase_count":4,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"4.00"},{"amount":"1.00","purchase_count":4,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"4.00"},{"amount":"1.00","purchase_count":4,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"4.00"},{"amount":"1.00","purchase_count":4,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"4.00"}]""",
                ["more than 3 rows"]),
            ["fewer purchases than rows"] = (
                """[{"amount":"1.00","purchase_count":1,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"2.00"},{"amount":"1.00","purchase_count":1,"purchased_at":"2026-01-02T15:04:04Z","total_spend":"2.00"}]""",
                ["purchase_count 1", "2 rows"]),
            ["rows that disagree on the count"] = (
                """[{"amount":"1.00","purchase_count":3,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"2.00"},{"amount":"1.00","purchase_count":2,"purchased_at":"2026-01-02T15:04:04Z","total_spend":"2.00"}]""",
                ["row 2", "purchase_count 2", "row 1 has 3"]),
            ["rows that disagree on the total"] = (
                """[{"amount":"1.00","purchase_count":2,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"2.00"},{"amount":"1.00","purchase_count":2,"purchased_at":"2026-01-02T15:04:04Z","total_spend":"2.50"}]""",
                ["row 2", "total_spend 2.50"]),
            ["rows oldest first"] = (
                """[{"amount":"1.00","purchase_count":2,"purchased_at":"2026-01-02T15:04:04Z","total_spend":"2.00"},{"amount":"1.00","purchase_count":2,"purchased_at":"2026-01-02T15:04:05Z","total_spend":"2.00"}]""",
                ["row 2", "purchased_at", "newest first"]),
        };

    public static TheoryData<string> ValidNames() => [.. Valid.Keys];

    public static TheoryData<string> InvalidNames() => [.. Invalid.Keys];
}

using System.Globalization;
using DaprPredictor.Domain.Features;
using DaprPredictor.OfflineFeatures.OfflineStore;
using MySqlConnector;

namespace DaprPredictor.OfflineFeatures.Tests.MariaDb;

/// <summary>
/// The one SQL query against the one in-memory definition: for many users and as-of times, PurchaseSummaryQuery.Sql
/// run on MariaDB with the parameters the service sends must summarize exactly what PurchaseSummary.FromHistory does.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class SummaryQueryParityTests(MariaDbFixture db)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheSummaryQueryOnMariaDBEqualsTheInMemorySummaryForEveryUserAndAsOfTime(bool prepared)
    {
        using var connection = db.Open(prepared);
        using var command = new MySqlCommand(PurchaseSummaryQuery.Sql, connection);
        for (var i = 0; i < 4; i++) command.Parameters.Add(new MySqlParameter());
        if (prepared) command.Prepare();

        var users = db.Data.SampleUsers(perLength: 60);
        var lengths = users.Select(u => Math.Min(db.Data.Of(u).Length, 4)).ToHashSet();
        Assert.Equal([0, 1, 2, 3, 4], lengths.Order());

        var compared = 0;
        foreach (var user in users)
        {
            foreach (var asOf in db.Data.AsOfTimes(user))
            {
                var parameters = PurchaseSummaryQuery.Parameters(user, asOf);
                for (var i = 0; i < parameters.Length; i++) command.Parameters[i].Value = parameters[i];
                var actual = ReadSummary(command);
                var expected = PurchaseSummary.FromHistory(db.Data.Of(user), asOf);
                SummaryAssert.Equal(expected, actual, $"user '{user}' as of {asOf:O} (parameters {string.Join(", ", parameters)})");
                compared++;
            }
        }

        Assert.True(compared > 1_000, $"only {compared} comparisons");
    }

    [Fact]
    public void UsersWhoDifferOnlyInCaseOrAccentsHaveSeparateHistories()
    {
        using var connection = db.Open(prepared: true);
        foreach (var user in new[] { "Case-User", "case-user", "ünïcødé-用户-😀", "unicode-用户-😀", "CASE-USER" })
        {
            using var command = new MySqlCommand(PurchaseSummaryQuery.Sql, connection);
            foreach (var value in PurchaseSummaryQuery.Parameters(user, OfflineStoreData.TieSecond)) command.Parameters.Add(new MySqlParameter { Value = value });
            command.Prepare();
            SummaryAssert.Equal(PurchaseSummary.FromHistory(db.Data.Of(user), OfflineStoreData.TieSecond), ReadSummary(command), user);
        }
    }

    /// <summary>The rows the query returns, read straight from the driver (the binding's JSON is covered end to end).</summary>
    internal static PurchaseSummary ReadSummary(MySqlCommand command)
    {
        using var reader = command.ExecuteReader();
        var amounts = new List<decimal>();
        long count = 0;
        decimal total = 0;
        DateTimeOffset? last = null;
        while (reader.Read())
        {
            amounts.Add(decimal.Parse(reader.GetString(0), CultureInfo.InvariantCulture)); // CAST AS CHAR: see PurchaseSummaryQuery.Sql
            last ??= new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc));
            count = reader.GetInt64(2);
            total = decimal.Parse(reader.GetString(3), CultureInfo.InvariantCulture);
        }

        return amounts.Count == 0 ? PurchaseSummary.Empty : new PurchaseSummary((int)count, total, last, [.. amounts]);
    }
}

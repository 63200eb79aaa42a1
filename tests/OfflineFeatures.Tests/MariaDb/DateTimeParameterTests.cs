using System.Globalization;
using DaprPredictor.Domain.Features;
using DaprPredictor.OfflineFeatures.OfflineStore;
using MySqlConnector;

namespace DaprPredictor.OfflineFeatures.Tests.MariaDb;

/// <summary>
/// What MariaDB does with the as-of string the query compares <c>purchased_at</c> (DATETIME) with, over both protocols.
/// The tie user bought once a second before the tie second, four times in it and once a second after it.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class DateTimeParameterTests(MariaDbFixture db)
{
    private static readonly string Second = OfflineStoreData.TieSecond.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static TheoryData<string, int, bool> Cases()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (var prepared in new[] { false, true })
        {
            // Compared as a time, not as text: as text, '… :15' sorts before '… :15.000000' and the tie second would count.
            data.Add($"{Second}.000000", 1, prepared);
            data.Add(Second, 1, prepared);
            // Microseconds are honoured, so the service's 'yyyy-MM-dd HH:mm:ss.ffffff' is exact to the microsecond.
            data.Add($"{Second}.000001", 5, prepared);
            data.Add($"{Second}.999999", 5, prepared);
            // A seventh digit is truncated (note 1292), so 100 ns after the tie second still excludes it: the reason the
            // service rounds an as-of up to the next microsecond before formatting it.
            data.Add($"{Second}.0000001", 1, prepared);
            // An offset is dropped, not applied: one hour before the tie second "at -01:00" is read as that local time.
            data.Add(OfflineStoreData.TieSecond.AddHours(-1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + ".5-01:00", 0, prepared);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MariaDBComparesADATETIMEColumnWithAStringParameterAsATimeToTheMicrosecond(string asOf, int expectedCount, bool prepared)
    {
        using var connection = db.Open(prepared);
        using var command = new MySqlCommand(PurchaseSummaryQuery.Sql, connection);
        foreach (var value in new[] { OfflineStoreData.TieUser, asOf, OfflineStoreData.TieUser, asOf }) command.Parameters.Add(new MySqlParameter { Value = value });
        if (prepared) command.Prepare();

        Assert.Equal(expectedCount, SummaryQueryParityTests.ReadSummary(command).Count);
    }

    [Fact]
    public void AnAsOf100NsAfterAPurchaseCountsItAsTheInMemorySummaryDoes()
    {
        var asOf = OfflineStoreData.TieSecond.AddTicks(1);
        var parameters = PurchaseSummaryQuery.Parameters(OfflineStoreData.TieUser, asOf);
        Assert.Equal($"{Second}.000001", parameters[1]);

        using var connection = db.Open(prepared: true);
        using var command = new MySqlCommand(PurchaseSummaryQuery.Sql, connection);
        foreach (var value in parameters) command.Parameters.Add(new MySqlParameter { Value = value });
        command.Prepare();
        var expected = PurchaseSummary.FromHistory(db.Data.Of(OfflineStoreData.TieUser), asOf);
        Assert.Equal(5, expected.Count);
        SummaryAssert.Equal(expected, SummaryQueryParityTests.ReadSummary(command), "100 ns after the tie second");
        Assert.Equal([4.04m, 3.03m, 2.02m], expected.RecentAmounts); // same second: newest by purchase id
    }
}

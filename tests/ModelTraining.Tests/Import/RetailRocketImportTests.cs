using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.ModelTraining.Import;
using DaprPredictor.Synthetic.PublicFormats;

namespace DaprPredictor.ModelTraining.Tests.Import;

public sealed class RetailRocketImportTests : IDisposable
{
    private const string Header = "timestamp,visitorid,event,itemid,transactionid";
    private const long T0 = 1_433_221_332_000; // 2015-06-02 05:02:12 UTC
    private const long Minute = 60_000;

    /// <summary>
    /// Visitor 7 in no particular order (the real file is not sorted either): views at 0 and 41 min cut by more than 30
    /// minutes of inactivity, one at exactly 30 minutes after that (same session), one 1 ms past 30 minutes (new
    /// session); an order of two items at 12 min, its first at 12 min 0.5 s, its second repeated verbatim.
    /// </summary>
    private static readonly string[] Good =
    [
        $"{T0 + 41 * Minute},7,view,500,",
        $"{T0 + 5 * Minute},8,view,600,",
        $"{T0 + 12 * Minute + 500},7,transaction,501,9001",
        $"{T0},7,view,501,",
        $"{T0 + 71 * Minute},7,view,502,",
        $"{T0 + 12 * Minute + 800},7,transaction,502,9001",
        $"{T0 + 10 * Minute},7,addtocart,501,",
        $"{T0 + 101 * Minute + 1},7,view,503,",
        $"{T0 + 12 * Minute + 800},7,transaction,502,9001",
    ];

    private static readonly (string Code, string Line)[] Bad =
    [
        ("unparsable-time", "yesterday,7,view,1,"),
        ("unparsable-time", "-5,7,view,1,"),
        ("unknown-event-type", $"{T0},7,click,1,"),
        ("missing-user", $"{T0},,view,1,"),
        ("missing-transaction", $"{T0},7,transaction,1,"),
        ("wrong-column-count", $"{T0},7,view"),
    ];

    private readonly DatasetFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string File(params string[] rows) => _files.Write($"events-{Guid.NewGuid():N}.csv", new[] { Header }.Concat(rows));

    [Fact]
    public void SessionsAreCutAfterMoreThanThirtyMinutesWithoutAPageViewAndNamedPerVisitor()
    {
        var result = _files.Convert(DatasetFormat.RetailRocket, "out", paths: File([.. Good, .. Bad.Select(b => b.Line)]));

        var sessions = DatasetFiles.Lines(result).Where(e => e.UserId == "7").Select(e => (e.Timestamp, e.SessionId)).ToArray();
        Assert.Equal(
        [
            ("2015-06-02T05:02:12.000Z", "7-1"),
            ("2015-06-02T05:12:12.000Z", "7-1"),
            ("2015-06-02T05:43:12.000Z", "7-2"),
            ("2015-06-02T06:13:12.000Z", "7-2"),
            ("2015-06-02T06:43:12.001Z", "7-3"),
        ], sessions);
        Assert.Equal(4, result.Report.DerivedSessions); // and 8-1
    }

    [Fact]
    public void TheCutSessionsAreExactlyTheSessionsTheWindowRulesSee()
    {
        var lines = PublicFormatGenerator.RetailRocket(new PublicFormatOptions { Rows = 20_000, Seed = 3, Days = 3 }).ToList();
        var shuffled = lines.Skip(1).OrderBy(l => (uint)l.GetHashCode(StringComparison.Ordinal)).Prepend(lines[0]);
        var result = _files.Convert(DatasetFormat.RetailRocket, "generated", new ImportOptions { RunRows = 3_000 }, File([.. shuffled.Skip(1)]));

        var (rows, report) = TrainingSetBuilder.Build(result.Events, result.Purchases, new TrainingSetOptions());
        var bySession = result.Events.ToDictionary(e => e.EventId!, e => e.SessionId!);

        Assert.True(result.Report.SpilledRuns > 0, "the file should not fit one run");
        Assert.Equal(result.Report.DerivedSessions, report.Sessions);
        Assert.All(rows.GroupBy(r => (r.UserId, r.SessionOrdinal)), session => Assert.Single(session.Select(r => bySession[r.EventId]).Distinct()));
    }

    [Fact]
    public void TransactionsAreOrdersWithoutAnAmountAtTheWholeSecondAfterTheirFirstItem()
    {
        var result = _files.Convert(DatasetFormat.RetailRocket, "out", paths: File(Good));

        var order = Assert.Single(result.Purchases);
        Assert.Equal(new PurchaseRecord(1, "7", 0m, DateTimeOffset.FromUnixTimeMilliseconds(T0 + 12 * Minute + 1_000)), order);
        Assert.Equal(2, result.Report.PurchaseRows);
        Assert.Equal(1, result.Report.BadRows["duplicate-purchase-row"]);
        Assert.DoesNotContain(DatasetFiles.Lines(result), e => e.Price is not null);
    }

    [Fact]
    public void EveryBadRowIsCountedByItsReason()
    {
        var result = _files.Convert(DatasetFormat.RetailRocket, "out", paths: File([.. Good, .. Bad.Select(b => b.Line)]));

        var r = result.Report;
        var expected = Bad.Select(b => b.Code).Append("duplicate-purchase-row").GroupBy(c => c).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expected.OrderBy(e => e.Key), r.BadRows.OrderBy(e => e.Key));
        Assert.Equal(Good.Length + Bad.Length, r.Rows);
        Assert.Equal(r.Rows, r.Events + r.PurchaseRows + r.BadRowsTotal);
    }

    [Fact]
    public void AnUnsortedFileComesOutInEventTimeOrderWhetherItFitsInMemoryOrIsSortedThroughRunsOnDisk()
    {
        var path = File([.. Good, .. Bad.Select(b => b.Line)]);

        var inMemory = _files.Convert(DatasetFormat.RetailRocket, "memory", paths: path);
        var spilled = _files.Convert(DatasetFormat.RetailRocket, "spilled", new ImportOptions { RunRows = 2 }, path);

        Assert.Equal(0, inMemory.Report.SpilledRuns);
        Assert.Equal(4, spilled.Report.SpilledRuns);
        Assert.Equal(System.IO.File.ReadAllBytes(inMemory.Files.Events), System.IO.File.ReadAllBytes(spilled.Files.Events));
        var times = DatasetFiles.Lines(spilled).Select(e => Rfc3339.TryParse(e.Timestamp, out var t) ? t : default).ToArray();
        Assert.Equal(times.Order(), times);
        Assert.Empty(Directory.GetFiles(spilled.Files.Directory, "*.tmp"));
    }

    [Fact]
    public void WithoutPricesTheSpendFeaturesAreZeroWhileCountAndRecencyStillCarryTheHistory()
    {
        var result = _files.Convert(DatasetFormat.RetailRocket, "out", paths: File(Good));
        var (rows, _) = TrainingSetBuilder.Build(result.Events, result.Purchases, new TrainingSetOptions());
        var names = FeatureSchema.Names.ToList();

        var later = rows.Single(r => r.Timestamp == DateTimeOffset.FromUnixTimeMilliseconds(T0 + 41 * Minute));
        Assert.Equal(1, later.Features[names.IndexOf("purchase_count")]);
        Assert.Equal(0, later.Features[names.IndexOf("total_spend")]);
        Assert.Equal(0, later.Features[names.IndexOf("mean_viewed_price")]);
        Assert.Equal((41 * Minute - 12 * Minute - 1_000) / 86_400_000.0, later.Features[names.IndexOf("days_since_last_purchase")], 5);
        Assert.True(rows.Single(r => r.Timestamp == DateTimeOffset.FromUnixTimeMilliseconds(T0)).Label, "the first session ends in the order");
    }
}

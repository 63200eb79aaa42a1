using System.Globalization;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.ModelTraining.Import;
using DaprPredictor.Synthetic.PublicFormats;

namespace DaprPredictor.ModelTraining.Tests.Import;

public sealed class Rees46ImportTests : IDisposable
{
    private readonly DatasetFiles _files = new();
    private readonly ImportResult _result;

    public Rees46ImportTests() => _result = _files.Convert(DatasetFormat.Rees46, "out", paths: _files.Write("2019-Oct.csv", Rees46Sample.File()));

    public void Dispose() => _files.Dispose();

    private static int Slot(string name) => FeatureSchema.Names.ToList().IndexOf(name);

    [Fact]
    public void EveryBadRowIsCountedByItsReasonAndTheCountsAddUpToTheRowsRead()
    {
        var r = _result.Report;

        var expected = Rees46Sample.BadRows.Select(b => b.Code).Append("invalid-utf8").Append("duplicate-purchase-row")
            .GroupBy(c => c).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expected.OrderBy(e => e.Key), r.BadRows.OrderBy(e => e.Key));
        Assert.Equal(Rees46Sample.DataRows, r.Rows);
        Assert.Equal(9, r.Events);
        Assert.Equal(3, r.PurchaseRows);
        Assert.Equal(r.Rows, r.Events + r.PurchaseRows + r.BadRowsTotal);
        Assert.Equal("2019-Oct.csv:8", r.FirstBadRows["unparsable-time"]); // the header is line 1, then six good rows
        Assert.Equal("2019-Oct.csv:10", r.FirstBadRows["unknown-event-type"]);
    }

    [Fact]
    public void PageViewsAreMappedOntoOurPagesWithTheirProductCategoryAndViewedPrice()
    {
        var events = DatasetFiles.Lines(_result);

        var first = events[0];
        Assert.Equal(("1001", "sess-a", "/product/101", "2019-10-01T10:00:00.000Z", "101", "electronics.smartphone", (double?)100), (first.UserId, first.SessionId, first.Page, first.Timestamp, first.ProductId, first.Category, first.Price));
        var cart = events[1];
        Assert.Equal(("/cart", "101", (double?)null), (cart.Page, cart.ProductId, cart.Price));
        var removal = events.Single(e => e.Timestamp == "2019-10-02T09:05:00.000Z");
        Assert.Equal(("/cart", "101"), (removal.Page, removal.ProductId));
        Assert.Equal("2053013555631882657", events.First(e => e.ProductId == "103").Category); // no category_code: category_id
        Assert.Equal("café & \"bar\", <kids>", events.Single(e => e.ProductId == "105").Category);
        Assert.Equal(5.5, events.Single(e => e.ProductId == "105").Price);
        Assert.DoesNotContain(events, e => e.ProductId == "102"); // purchases are orders, not page views
    }

    [Fact]
    public void EachLineIsExactlyWhatTheWireContractWritesForItsEvent()
    {
        var generated = _files.Write("generated.csv", PublicFormatGenerator.Rees46(new PublicFormatOptions { Rows = 5_000, Seed = 2 }));
        var lines = File.ReadAllLines(_result.Files.Events).Concat(File.ReadAllLines(_files.Convert(DatasetFormat.Rees46, "generated", paths: generated).Files.Events)).ToArray();

        Assert.All(lines, line =>
        {
            Assert.True(PageViewJson.TryParse(System.Text.Encoding.UTF8.GetBytes(line), out var e, out var rejection), rejection?.Detail);
            Assert.Equal(PageViewJson.Serialize(e!), line);
        });
        var times = File.ReadAllLines(_result.Files.Events).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("timestamp").GetString()!).ToArray();
        Assert.Equal(times.Order(StringComparer.Ordinal), times);
    }

    [Fact]
    public void ARowRepeatedVerbatimKeepsItsEventIdSoThePipelineCountsItAsADuplicate()
    {
        var events = DatasetFiles.Lines(_result);
        var ids = events.Where(e => e.ProductId == "103").Select(e => e.EventId).ToArray();

        Assert.Equal(2, ids.Length);
        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(events.Count - 1, events.Select(e => e.EventId).Distinct().Count());
        var (_, report) = TrainingSetBuilder.Build(_result.Events, _result.Purchases, new TrainingSetOptions());
        Assert.Equal(1, report.Duplicates);
    }

    [Fact]
    public void PurchaseRowsOfOneSessionAndSecondAreOneOrderInBothFormsOfTheOfflineStore()
    {
        var expected = new[]
        {
            new PurchaseRecord(1, "1001", 150.00m, new DateTimeOffset(2019, 10, 1, 10, 2, 0, TimeSpan.Zero)),
            new PurchaseRecord(2, "1001", 10.00m, new DateTimeOffset(2019, 10, 3, 12, 0, 0, TimeSpan.Zero)),
        };

        Assert.Equal(expected, _result.Purchases);
        Assert.Equal(expected, JsonLines.ReadPurchases(_result.Files.Purchases));
        var sql = File.ReadAllText(_result.Files.OfflineSeedSql);
        Assert.Contains("(1,'1001',150.00,'2019-10-01 10:02:00'),\n(2,'1001',10.00,'2019-10-03 12:00:00');", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void SessionsLabelsAndOfflineFeaturesAreThoseWorkedOutByHand()
    {
        var (rows, report) = TrainingSetBuilder.Build(_result.Events, _result.Purchases, new TrainingSetOptions());
        var at = rows.ToDictionary(r => (r.UserId, r.Timestamp.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)));

        // Sessions: 1001 has a, b, c; 2002's one user_session is cut in two by its 40-minute pause.
        Assert.Equal(5, report.Sessions);
        Assert.NotEqual(at[("2002", "10-01 11:00")].SessionOrdinal, at[("2002", "10-01 11:40")].SessionOrdinal);

        // Labels: a's view and cart precede its order; b buys nothing; c's second view comes after its order.
        Assert.True(at[("1001", "10-01 10:00")].Label);
        Assert.True(at[("1001", "10-01 10:01")].Label);
        Assert.False(at[("1001", "10-02 09:00")].Label);
        Assert.False(at[("1001", "10-02 09:05")].Label);
        Assert.False(at[("1001", "10-03 12:10")].Label);
        Assert.All(rows.Where(r => r.UserId == "2002"), r => Assert.False(r.Label));

        // Point in time: a sees no history; b and c see a's order only, c not its own order at its first second.
        Assert.Equal(0, at[("1001", "10-01 10:01")].Features[Slot("purchase_count")]);
        foreach (var (key, days) in new[] { ("10-02 09:05", (22 * 60 + 58) / 1440.0), ("10-03 12:10", 2 + (60 + 58) / 1440.0) })
        {
            var features = at[("1001", key)].Features;
            Assert.Equal(1, features[Slot("purchase_count")]);
            Assert.Equal(150, features[Slot("total_spend")]);
            Assert.Equal(150, features[Slot("mean_last_three_purchases")]);
            Assert.Equal(days, features[Slot("days_since_last_purchase")], 4);
        }

        Assert.Equal(100, at[("1001", "10-01 10:01")].Features[Slot("mean_viewed_price")]); // the cart row has no price
        Assert.Equal(7.75, at[("1001", "10-03 12:10")].Features[Slot("mean_viewed_price")], 4);
        Assert.Equal(1, at[("1001", "10-02 09:05")].Features[Slot("last_page_cart")]);
    }

    [Fact]
    public void AGzipFileAndSeveralFilesConvertToTheSameOutputAsOnePlainFile()
    {
        var bytes = Rees46Sample.File();
        var gzip = _files.Write("2019-Oct.csv.gz", bytes, gzip: true);
        var cut = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] == '\n').ElementAt(11) + 1; // header and 11 rows
        var header = bytes[..(Array.IndexOf(bytes, (byte)'\n') + 1)];
        var head = _files.Write("part-1.csv", bytes[..cut]);
        var tail = _files.Write("part-2.csv", [.. header, .. bytes[cut..]]);

        var fromGzip = _files.Convert(DatasetFormat.Rees46, "gzip", paths: gzip);
        var fromParts = _files.Convert(DatasetFormat.Rees46, "parts", paths: [tail, head]);

        var expected = File.ReadAllBytes(_result.Files.Events);
        Assert.Equal(expected, File.ReadAllBytes(fromGzip.Files.Events));
        Assert.Equal(expected, File.ReadAllBytes(fromParts.Files.Events));
        Assert.Equal(File.ReadAllBytes(_result.Files.Purchases), File.ReadAllBytes(fromParts.Files.Purchases));
        Assert.Equal(_result.Report.BadRows, fromGzip.Report.BadRows);
    }

    [Fact]
    public void AFileThatIsNotTheDatasetIsAnErrorThatSaysWhatItExpected()
    {
        var wrong = _files.Write("events.csv", "timestamp,visitorid,event,itemid,transactionid\n1433221332117,1,view,2,\n");

        var error = Assert.Throws<InvalidDataException>(() => _files.Convert(DatasetFormat.Rees46, "wrong", paths: wrong));

        Assert.Contains("is not a rees46 file", error.Message, StringComparison.Ordinal);
        Assert.Contains("event_time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheConversionReportIsWrittenNextToTheOutputs()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(_result.Files.Conversion));
        var root = json.RootElement;

        Assert.Equal("rees46", root.GetProperty("format").GetString());
        Assert.Equal(_result.Report.Rows, root.GetProperty("rows").GetInt64());
        Assert.Equal(1, root.GetProperty("badRows").GetProperty("negative-price").GetInt64());
        Assert.Equal(_result.Report.BadRowsTotal, root.GetProperty("badRowsTotal").GetInt64());
        Assert.False(root.TryGetProperty("derivedSessions", out _), "REES46 has its own sessions: none are derived");
    }
}

using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.FakeDaprd.Bindings;
using DaprPredictor.OfflineFeatures.OfflineStore;

namespace DaprPredictor.OfflineFeatures.Tests.MariaDb;

/// <summary>
/// The whole service against MariaDB: the fake sidecar answers each binding request by running the request's own SQL and
/// parameters on MariaDB and rendering the rows as the Dapr MySQL binding does, so the request, the parameter format,
/// the payload shape, the parser and the feature computation are all exercised together.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class EndToEndTests(MariaDbFixture db)
{
    private static readonly Dictionary<string, string?> NoCache = new() { ["OfflineFeatures:CacheTtl"] = "00:00:00" };

    [Theory]
    [InlineData(MySqlBindingVersion.Dapr114To116)]
    [InlineData(MySqlBindingVersion.Dapr117AndLater)]
    public async Task FeaturesServedFromMariaDBThroughTheBindingOfEachDaprVersionRangeEqualTheFeaturesComputedInMemory(MySqlBindingVersion version)
    {
        await using var app = new OfflineFeaturesApp(NoCache);
        var binding = new MySqlBindingEmulator(db.PreparedProtocol, version);
        app.Dapr.OnBinding = binding.Answer;

        var checkedCount = 0;
        foreach (var user in db.Data.SampleUsers(perLength: 15))
        {
            foreach (var asOf in db.Data.AsOfTimes(user).Take(12))
            {
                var actual = await app.GetFeaturesAsync(user, asOf.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffK", System.Globalization.CultureInfo.InvariantCulture));
                var expected = new UserOfflineFeatures(user, asOf, PurchaseFeatures.From(PurchaseSummary.FromHistory(db.Data.Of(user), asOf), asOf));
                Assert.True(expected == actual, $"user '{user}' as of {asOf:O}: expected {expected}, got {actual}");
                checkedCount++;
            }
        }

        Assert.Equal(checkedCount, binding.Queries);
        Assert.True(checkedCount > 300, $"only {checkedCount} lookups");
    }

    [Theory]
    [InlineData(MySqlBindingVersion.Dapr114To116)]
    [InlineData(MySqlBindingVersion.Dapr117AndLater)]
    public async Task ABatchServedFromMariaDBThroughTheBindingEqualsTheFeaturesComputedInMemoryWithOneQueryPerHundredPairs(MySqlBindingVersion version)
    {
        await using var app = new OfflineFeaturesApp(NoCache);
        var binding = new MySqlBindingEmulator(db.PreparedProtocol, version);
        app.Dapr.OnBinding = binding.Answer;
        var pairs = db.Data.SampleUsers(perLength: 10).SelectMany(u => db.Data.AsOfTimes(u).Take(6).Select(t => (u, t))).Take(250).ToArray();

        var batch = await app.PostBatchAsync([.. pairs.Select(p => (p.u, (string?)p.t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffK", System.Globalization.CultureInfo.InvariantCulture)))]);

        Assert.Equal(pairs.Length, batch.Count);
        for (var i = 0; i < pairs.Length; i++)
        {
            var (user, asOf) = pairs[i];
            var expected = new UserOfflineFeatures(user, asOf, PurchaseFeatures.From(PurchaseSummary.FromHistory(db.Data.Of(user), asOf), asOf));
            Assert.True(expected == batch[i], $"pair {i}: user '{user}' as of {asOf:O}: expected {expected}, got {batch[i]}");
        }

        Assert.Equal(3, binding.Queries);
    }

    [Fact]
    public async Task AUserIdThatLooksLikeSQLReadsOnlyItsOwnPurchases()
    {
        await using var app = new OfflineFeaturesApp(NoCache);
        app.Dapr.OnBinding = new MySqlBindingEmulator(db.PreparedProtocol).Answer;
        var asOf = OfflineStoreData.TieSecond;

        var actual = await app.GetFeaturesAsync(OfflineStoreData.SqlLookingUser, Rfc3339.Format(asOf));

        Assert.Equal(1, actual.Features.PurchaseCount);
        Assert.Equal(7.77, actual.Features.TotalSpend);
        Assert.Equal(PurchaseSummaryQuery.Sql, Assert.Single(app.Dapr.BindingRequests).Metadata["sql"]);
    }

    [Theory]
    [InlineData(MySqlBindingVersion.Dapr114To116)]
    [InlineData(MySqlBindingVersion.Dapr117AndLater)]
    public async Task TheEmulatedBindingOfEachDaprVersionRangeRendersTheCastDecimalsAsPlainStrings(MySqlBindingVersion version)
    {
        var binding = new MySqlBindingEmulator(db.PreparedProtocol, version);

        var tie = System.Text.Encoding.UTF8.GetString(binding.Answer(Dapr.Bindings.MySqlBinding.CreateQuery(Topology.PurchasesBindingComponent, OfflineStore.PurchaseSummaryQuery.Sql, OfflineStore.PurchaseSummaryQuery.Parameters(OfflineStoreData.TieUser, OfflineStoreData.TieSecond.AddSeconds(1)))).Span);
        var none = System.Text.Encoding.UTF8.GetString(binding.Answer(Dapr.Bindings.MySqlBinding.CreateQuery(Topology.PurchasesBindingComponent, OfflineStore.PurchaseSummaryQuery.Sql, OfflineStore.PurchaseSummaryQuery.Parameters(OfflineStoreData.NobodyUser, OfflineStoreData.TieSecond))).Span);

        Assert.Equal(
            """[{"amount":"4.04","purchase_count":5,"purchased_at":"2025-06-01T08:30:15Z","total_spend":"15.10"},"""
            + """{"amount":"3.03","purchase_count":5,"purchased_at":"2025-06-01T08:30:15Z","total_spend":"15.10"},"""
            + """{"amount":"2.02","purchase_count":5,"purchased_at":"2025-06-01T08:30:15Z","total_spend":"15.10"}]""",
            tie);
        Assert.Equal("null", none);
    }

    [Fact]
    public void OnDapr114To116AnUncastDecimalColumnIsBase64OfItsDigits()
    {
        var binding = new MySqlBindingEmulator(db.PreparedProtocol, MySqlBindingVersion.Dapr114To116);

        var rows = System.Text.Encoding.UTF8.GetString(binding.Answer(Dapr.Bindings.MySqlBinding.CreateQuery(
            Topology.PurchasesBindingComponent, "SELECT amount, CAST(amount AS CHAR) AS text FROM purchases WHERE user_id = ? ORDER BY purchase_id LIMIT 1", [OfflineStoreData.TieUser])).Span);

        Assert.Equal("""[{"amount":"NS4wMA==","text":"5.00"}]""", rows);
    }
}

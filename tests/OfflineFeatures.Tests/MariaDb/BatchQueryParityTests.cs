using System.Globalization;
using System.Text;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.FakeDaprd.Bindings;
using DaprPredictor.OfflineFeatures.OfflineStore;
using MySqlConnector;

namespace DaprPredictor.OfflineFeatures.Tests.MariaDb;

/// <summary>
/// The batch query against the single one, on MariaDB: for many (user, as-of) pairs in batches of several sizes, in
/// shuffled order and with repeats, PurchaseSummaryBatchQuery must answer every pair exactly what PurchaseSummaryQuery
/// answers for it alone, and both what PurchaseSummary.FromHistory computes in memory.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class BatchQueryParityTests(MariaDbFixture db)
{
    /// <summary>Pairs around every purchase of users of every history length (ties in one second, exactly at a purchase, a microsecond and 100 ns either side), shuffled, some twice.</summary>
    private List<OfflineFeaturesPair> Pairs(int perLength)
    {
        var pairs = db.Data.SampleUsers(perLength).SelectMany(u => db.Data.AsOfTimes(u).Select(t => new OfflineFeaturesPair(u, t))).ToList();
        var random = new Random(20260301);
        pairs.AddRange(pairs.Where((_, i) => i % 17 == 0).ToList());
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pairs));
        return pairs;
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 1)]
    [InlineData(true, 7)]
    [InlineData(false, 100)]
    [InlineData(true, 100)]
    [InlineData(true, PurchaseSummaryBatchQuery.MaxPairs)]
    public void TheBatchQueryAnswersEveryPairExactlyAsTheSingleQueryAnswersItAlone(bool prepared, int batchSize)
    {
        using var connection = db.Open(prepared);
        using var single = new MySqlCommand(PurchaseSummaryQuery.Sql, connection);
        for (var i = 0; i < 4; i++) single.Parameters.Add(new MySqlParameter());
        if (prepared) single.Prepare();

        var pairs = Pairs(perLength: 20);
        Assert.Contains(pairs, p => p.UserId == OfflineStoreData.TieUser && p.AsOf == OfflineStoreData.TieSecond.AddTicks(1));
        Assert.Contains(pairs, p => db.Data.Of(p.UserId).Length == 0);
        var compared = 0;
        foreach (var chunk in pairs.Chunk(batchSize))
        {
            var batch = RunBatch(connection, chunk, prepared);
            Assert.Equal(chunk.Length, batch.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                var (user, asOf) = (chunk[i].UserId, chunk[i].AsOf);
                var parameters = PurchaseSummaryQuery.Parameters(user, asOf);
                for (var k = 0; k < parameters.Length; k++) single.Parameters[k].Value = parameters[k];
                var alone = SummaryQueryParityTests.ReadSummary(single);
                var because = $"pair {i} of a batch of {chunk.Length}: user '{user}' as of {asOf:O}";
                SummaryAssert.Equal(alone, batch[i], because);
                SummaryAssert.Equal(PurchaseSummary.FromHistory(db.Data.Of(user), asOf), batch[i], because);
                compared++;
            }
        }

        Assert.True(compared > 1_000, $"only {compared} comparisons");
    }

    [Fact]
    public void UsersWhoDifferOnlyInCaseOrAccentsKeepSeparateHistoriesInOneBatch()
    {
        using var connection = db.Open(prepared: true);
        string[] users = ["Case-User", "case-user", "CASE-USER", "ünïcødé-用户-😀", "unicode-用户-😀", OfflineStoreData.SqlLookingUser, "x"];
        var pairs = users.Select(u => new OfflineFeaturesPair(u, OfflineStoreData.TieSecond)).ToArray();

        var batch = RunBatch(connection, pairs, prepared: true);

        for (var i = 0; i < pairs.Length; i++) SummaryAssert.Equal(PurchaseSummary.FromHistory(db.Data.Of(users[i]), OfflineStoreData.TieSecond), batch[i], users[i]);
        Assert.Equal([1, 1, 0, 1, 1, 1, 2], batch.Select(s => s.Count));
    }

    /// <summary>
    /// The binding's JSON for the batch, as Dapr renders it (one row object per purchase, the pair number an integer, the
    /// cast DECIMALs plain strings on every version, no rows for a pair without purchases), read by SummaryRows.ParseBatch,
    /// equals the single query's answer read by SummaryRows.Parse for every pair.
    /// </summary>
    [Theory]
    [InlineData(MySqlBindingVersion.Dapr114To116)]
    [InlineData(MySqlBindingVersion.Dapr117AndLater)]
    public void TheBindingOfEachDaprVersionRangeAnswersTheBatchAsItAnswersEachPairAlone(MySqlBindingVersion version)
    {
        var binding = new MySqlBindingEmulator(db.PreparedProtocol, version);
        var pairs = Pairs(perLength: 5).Take(150).ToArray();

        var rows = binding.Answer(Dapr.Bindings.MySqlBinding.CreateQuery(Topology.PurchasesBindingComponent, PurchaseSummaryBatchQuery.Sql(pairs.Length), PurchaseSummaryBatchQuery.Parameters(pairs)));
        var batch = SummaryRows.ParseBatch(rows.Span, pairs.Length);

        for (var i = 0; i < pairs.Length; i++)
        {
            var alone = SummaryRows.Parse(binding.Answer(Dapr.Bindings.MySqlBinding.CreateQuery(
                Topology.PurchasesBindingComponent, PurchaseSummaryQuery.Sql, PurchaseSummaryQuery.Parameters(pairs[i].UserId, pairs[i].AsOf))).Span);
            SummaryAssert.Equal(alone, batch[i], $"pair {i}: user '{pairs[i].UserId}' as of {pairs[i].AsOf:O}");
        }
    }

    [Theory]
    [InlineData(MySqlBindingVersion.Dapr114To116)]
    [InlineData(MySqlBindingVersion.Dapr117AndLater)]
    public void TheEmulatedBindingRendersTheBatchAsRowsTaggedWithTheirPair(MySqlBindingVersion version)
    {
        var binding = new MySqlBindingEmulator(db.PreparedProtocol, version);
        OfflineFeaturesPair[] pairs = [new(OfflineStoreData.NobodyUser, OfflineStoreData.TieSecond), new(OfflineStoreData.TieUser, OfflineStoreData.TieSecond.AddSeconds(1)), new(OfflineStoreData.TieUser, OfflineStoreData.TieSecond)];

        var rows = Encoding.UTF8.GetString(binding.Answer(Dapr.Bindings.MySqlBinding.CreateQuery(Topology.PurchasesBindingComponent, PurchaseSummaryBatchQuery.Sql(3), PurchaseSummaryBatchQuery.Parameters(pairs))).Span);

        Assert.Equal(
            """[{"amount":"4.04","pair":1,"purchase_count":5,"purchased_at":"2025-06-01T08:30:15Z","total_spend":"15.10"},"""
            + """{"amount":"3.03","pair":1,"purchase_count":5,"purchased_at":"2025-06-01T08:30:15Z","total_spend":"15.10"},"""
            + """{"amount":"2.02","pair":1,"purchase_count":5,"purchased_at":"2025-06-01T08:30:15Z","total_spend":"15.10"},"""
            + """{"amount":"5.00","pair":2,"purchase_count":1,"purchased_at":"2025-06-01T08:30:14Z","total_spend":"5.00"}]""",
            rows);
    }

    [Fact]
    public void TheStatementCarriesTheInputOnlyAsParameters()
    {
        OfflineFeaturesPair[] pairs = [new(OfflineStoreData.SqlLookingUser, OfflineStoreData.TieSecond), new("u-1", OfflineStoreData.TieSecond.AddTicks(1))];

        var sql = PurchaseSummaryBatchQuery.Sql(pairs.Length);
        var parameters = PurchaseSummaryBatchQuery.Parameters(pairs);

        Assert.Equal(parameters.Length, sql.Count(c => c == '?'));
        Assert.Equal([OfflineStoreData.SqlLookingUser, "2025-06-01 08:30:15.000000", "u-1", "2025-06-01 08:30:15.000001"], parameters);
        Assert.DoesNotContain(OfflineStoreData.SqlLookingUser, sql, StringComparison.Ordinal);
        Assert.Same(sql, PurchaseSummaryBatchQuery.Sql(pairs.Length));
    }

    /// <summary>The batch statement run with the driver; each pair's rows read as SummaryQueryParityTests reads the single query's.</summary>
    private static PurchaseSummary[] RunBatch(MySqlConnection connection, OfflineFeaturesPair[] pairs, bool prepared)
    {
        using var command = new MySqlCommand(PurchaseSummaryBatchQuery.Sql(pairs.Length), connection);
        foreach (var value in PurchaseSummaryBatchQuery.Parameters(pairs)) command.Parameters.Add(new MySqlParameter { Value = value });
        if (prepared) command.Prepare();
        var rows = new List<(long Pair, decimal Amount, DateTimeOffset At, long Count, decimal Total)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), decimal.Parse(reader.GetString(1), CultureInfo.InvariantCulture), new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc)),
                    reader.GetInt64(3), decimal.Parse(reader.GetString(4), CultureInfo.InvariantCulture)));
            }
        }

        Assert.Equal(rows.Select(r => r.Pair).Order(), rows.Select(r => r.Pair));
        var summaries = new PurchaseSummary[pairs.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            var own = rows.Where(r => r.Pair == i).ToArray();
            summaries[i] = own.Length == 0 ? PurchaseSummary.Empty : new PurchaseSummary((int)own[0].Count, own[0].Total, own[0].At, [.. own.Select(r => r.Amount)]);
        }

        return summaries;
    }
}

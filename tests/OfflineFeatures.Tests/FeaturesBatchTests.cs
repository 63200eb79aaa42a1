using System.Text.Json;
using DaprPredictor.Domain.Events;
using DaprPredictor.OfflineFeatures.OfflineStore;

namespace DaprPredictor.OfflineFeatures.Tests;

/// <summary><c>POST /features/batch</c>: the GET's answer for each pair, in order; the cache first, one store query for the misses; the GET's checks per pair.</summary>
public sealed class FeaturesBatchTests
{
    private static readonly DateTimeOffset T = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    private static string At(TimeSpan after) => Rfc3339.Format(T + after);

    /// <summary>The binding answers one purchase a day before the as-of for every pair it is asked (single or batch query).</summary>
    private static OfflineFeaturesApp AppWhereEveryoneBoughtOnce(Dictionary<string, string?>? settings = null)
    {
        var app = new OfflineFeaturesApp(settings);
        app.Dapr.OnBinding = request =>
        {
            using var json = JsonDocument.Parse(request.Metadata["params"]);
            var values = json.RootElement.EnumerateArray().Select(e => e.GetString()!).ToArray();
            if (request.Metadata["sql"] == PurchaseSummaryQuery.Sql) values = values[..2];
            var rows = Enumerable.Range(0, values.Length / 2).Select(i =>
                $$"""{"amount":"30.00","pair":{{i}},"purchase_count":1,"purchased_at":"2026-01-09T00:00:00Z","total_spend":"30.00"}""");
            return System.Text.Encoding.UTF8.GetBytes("[" + string.Join(',', rows) + "]");
        };
        return app;
    }

    private static string[] Params(FakeDaprd.BindingCall request)
    {
        using var json = JsonDocument.Parse(request.Metadata["params"]);
        return [.. json.RootElement.EnumerateArray().Select(e => e.GetString()!)];
    }

    [Fact]
    public async Task EachPairIsAnsweredInOrderAsTheGetAnswersItWithOneStoreQueryForAll()
    {
        await using var app = AppWhereEveryoneBoughtOnce();
        (string, string?)[] pairs = [("u-2", At(TimeSpan.Zero)), ("u-1", At(TimeSpan.FromHours(12))), ("u/3?x=1", At(TimeSpan.FromDays(1))), ("u-2", At(TimeSpan.Zero))];

        var batch = await app.PostBatchAsync(pairs);

        Assert.Equal(["u-2", "u-1", "u/3?x=1", "u-2"], batch.Select(f => f.UserId));
        Assert.Equal([T, T.AddHours(12), T.AddDays(1), T], batch.Select(f => f.AsOf));
        Assert.Equal([1, 1.5, 2, 1], batch.Select(f => f.Features.DaysSinceLastPurchase));
        var request = Assert.Single(app.Dapr.BindingRequests);
        Assert.Equal(PurchaseSummaryBatchQuery.Sql(3), request.Metadata["sql"]);
        Assert.Equal(["u-2", "2026-01-10 00:00:00.000000", "u-1", "2026-01-10 12:00:00.000000", "u/3?x=1", "2026-01-11 00:00:00.000000"], Params(request));

        await using var single = AppWhereEveryoneBoughtOnce();
        for (var i = 0; i < pairs.Length; i++) Assert.Equal(await single.GetFeaturesAsync(pairs[i].Item1, pairs[i].Item2), batch[i]);
    }

    [Fact]
    public async Task TheCacheAnswersThePairsItHasAndOnlyTheMissesGoToTheStore()
    {
        await using var app = AppWhereEveryoneBoughtOnce();
        await app.GetFeaturesAsync("u-1", At(TimeSpan.Zero));
        await app.GetFeaturesAsync("u-3", At(TimeSpan.Zero));

        // u-1 within the TTL of its entry: a hit. u-3 before its entry: a miss. u-2 has none.
        var batch = await app.PostBatchAsync(("u-1", At(TimeSpan.FromMinutes(4))), ("u-2", At(TimeSpan.Zero)), ("u-3", At(TimeSpan.FromSeconds(-1))));

        Assert.Equal(3, app.Dapr.BindingRequests.Count);
        Assert.Equal(["u-2", "2026-01-10 00:00:00.000000", "u-3", "2026-01-09 23:59:59.000000"], Params(app.Dapr.BindingRequests[^1]));
        Assert.Equal(1 + (4 / (24.0 * 60)), batch[0].Features.DaysSinceLastPurchase, 12);

        // What the batch read from the store is cached too: the same pairs again need no query.
        await app.PostBatchAsync(("u-2", At(TimeSpan.FromMinutes(1))), ("u-3", At(TimeSpan.Zero)));
        Assert.Equal(3, app.Dapr.BindingRequests.Count);
    }

    [Fact]
    public async Task ACacheThatCannotBeReadSendsItsPairsToTheStoreAndTheBatchStillAnswers()
    {
        await using var app = AppWhereEveryoneBoughtOnce();
        await app.GetFeaturesAsync("u-1", At(TimeSpan.Zero));
        await app.GetFeaturesAsync("u-2", At(TimeSpan.Zero));

        // One key unreadable in the bulk read (a per-item error): only its pair goes to the store.
        app.Dapr.Fail = op => op == "state.get:" + Pipeline.Offline.OfflineFeatureService.CacheKey("u-1") ? FakeDaprd.DaprdFailures.Unavailable : null;
        Assert.Equal(2, (await app.PostBatchAsync(("u-1", At(TimeSpan.FromMinutes(1))), ("u-2", At(TimeSpan.FromMinutes(1))))).Count);
        Assert.Equal(["u-1"], Params(app.Dapr.BindingRequests[^1]).Where((_, i) => i % 2 == 0));

        // The whole bulk read failing: every pair goes to the store.
        app.Dapr.Fail = op => op == "state.bulkget" ? FakeDaprd.DaprdFailures.Unavailable : null;
        Assert.Equal(2, (await app.PostBatchAsync(("u-1", At(TimeSpan.FromMinutes(2))), ("u-2", At(TimeSpan.FromMinutes(2))))).Count);
        Assert.Equal(["u-1", "u-2"], Params(app.Dapr.BindingRequests[^1]).Where((_, i) => i % 2 == 0));
    }

    [Fact]
    public async Task APairWithoutAsOfIsLookedUpAsOfTheServiceClock()
    {
        await using var app = AppWhereEveryoneBoughtOnce();

        var batch = await app.PostBatchAsync(("u-1", null));

        Assert.Equal(OfflineFeaturesApp.Now, Assert.Single(batch).AsOf);
        Assert.Equal(PurchaseSummaryQuery.FormatDateTime(OfflineFeaturesApp.Now), Params(Assert.Single(app.Dapr.BindingRequests))[1]);
    }

    [Fact]
    public async Task MoreMissesThanOneStatementCarriesAreQueriedInSeveralStatements()
    {
        await using var app = AppWhereEveryoneBoughtOnce(new() { ["OfflineStore:MaxQueryPairs"] = "2", ["OfflineFeatures:CacheTtl"] = "00:00:00" });

        var batch = await app.PostBatchAsync([.. Enumerable.Range(0, 5).Select(i => ($"u-{i}", (string?)At(TimeSpan.Zero)))]);

        Assert.Equal(5, batch.Count);
        Assert.Equal([4, 4, 2], app.Dapr.BindingRequests.Select(r => Params(r).Length));
        Assert.Equal(["u-4"], Params(app.Dapr.BindingRequests[^1]).Where((_, i) => i % 2 == 0));
    }

    [Theory]
    [InlineData("""{"pairs":[{"userId":"u-1"},{"userId":"u 2"}]}""", "pairs[1].userId", "invalid-id-characters")]
    [InlineData("""{"pairs":[{"userId":"u-1"},{"asOf":"2026-01-01T00:00:00Z"}]}""", "pairs[1].userId", "missing-user-id")]
    [InlineData("""{"pairs":[{"userId":"u-1","asOf":"2026-01-01T00:00:00"}]}""", "pairs[0].asOf", "invalid-timestamp")]
    [InlineData("""{"pairs":[{"userId":"u-1","asOf":"0999-12-31T23:59:59Z"}]}""", "pairs[0].asOf", "invalid-timestamp")]
    [InlineData("""{"pairs":[{"userId":"u-1"},{"userId":"u-1"},{"userId":"u-2","userId":"u-3"}]}""", "pairs[2].userId", "repeated-parameter")]
    [InlineData("""{"pairs":[{"userId":"u-1","asOf":"2026-01-01T00:00:00Z","\u0061sOf":"2026-01-02T00:00:00Z"}]}""", "pairs[0].asOf", "repeated-parameter")]
    [InlineData("""{"pairs":[{"userId":"u-1"}],"pairs":[]}""", "pairs", "repeated-parameter")]
    [InlineData("""{"pairs":[{"userId":42}]}""", "pairs[0].userId", "malformed-json")]
    [InlineData("""{"pairs":[{"userId":"u-1","asOf":1767225600}]}""", "pairs[0].asOf", "invalid-timestamp")]
    [InlineData("""{"pairs":["u-1"]}""", "pairs[0]", "malformed-json")]
    [InlineData("""{"pairs":[]}""", "pairs", "malformed-json")]
    [InlineData("""{"pairs":{"userId":"u-1"}}""", "pairs", "malformed-json")]
    [InlineData("""{"userId":"u-1"}""", "pairs", "malformed-json")]
    [InlineData("""[{"userId":"u-1"}]""", "body", "malformed-json")]
    [InlineData("""{"pairs":[{"userId":"u-1"}]} {}""", "body", "malformed-json")]
    [InlineData("""{"pairs":[{"userId":"u-1"}]""", "body", "malformed-json")]
    public async Task ABadPairIsRefusedNamingItsIndexMemberAndReasonAsTheGetWould(string body, string member, string reason)
    {
        await using var app = AppWhereEveryoneBoughtOnce();

        var (status, problem) = await app.PostProblemAsync(body);

        Assert.Equal(400, status);
        Assert.Equal(reason, problem.Reason);
        Assert.Equal([member], problem.Errors!.Keys);
        Assert.Contains(member.Split('.')[0], problem.Detail, StringComparison.Ordinal);
        Assert.Empty(app.Dapr.BindingRequests);
    }

    [Fact]
    public async Task APairsWordingIsTheGetsWordingPrefixedWithItsIndex()
    {
        await using var app = AppWhereEveryoneBoughtOnce();
        var tooLong = new string('u', 129);

        var (_, get) = await app.GetProblemAsync(OfflineFeaturesApp.FeaturesPath(tooLong));
        var (_, post) = await app.PostProblemAsync(OfflineFeaturesApp.BatchBody(("u-1", null), (tooLong, null)));

        Assert.Equal($"pairs[1]: {get.Detail}", post.Detail);
        Assert.Equal(get.Reason, post.Reason);
    }

    [Fact]
    public async Task OnePairOverTheLimitIsRefusedAndTheLimitIsConfigurable()
    {
        await using var app = AppWhereEveryoneBoughtOnce(new() { ["OfflineFeatures:MaxBatchPairs"] = "3" });

        Assert.Equal(3, (await app.PostBatchAsync(("a", null), ("b", null), ("c", null))).Count);
        var (status, problem) = await app.PostProblemAsync(OfflineFeaturesApp.BatchBody(("a", null), ("b", null), ("c", null), ("d", null)));

        Assert.Equal(400, status);
        Assert.Contains("more than 3 pairs", problem.Detail, StringComparison.Ordinal);
        Assert.Single(app.Dapr.BindingRequests);
    }

    [Fact]
    public async Task ABodyOverItsLimitIsRefusedBeforeItIsRead()
    {
        await using var app = AppWhereEveryoneBoughtOnce(new() { ["OfflineFeatures:MaxBatchPairs"] = "2" });

        var (status, problem) = await app.PostProblemAsync(OfflineFeaturesApp.BatchBody(("u-1", null)) + new string(' ', 3 * 1024));

        Assert.Equal(413, status);
        Assert.Contains("at most 2 pairs", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("binding", 503)]
    [InlineData("payload", 502)]
    public async Task AStoreFailureFailsTheWholeBatchWithTheGetsProblem(string failure, int expected)
    {
        await using var app = new OfflineFeaturesApp(new() { ["environment"] = "Production" });
        if (failure == "binding") app.Dapr.Fail = op => op.StartsWith("binding:", StringComparison.Ordinal) ? FakeDaprd.DaprdFailures.Unavailable : null;
        else app.Dapr.OnBinding = _ => """[{"amount":"1.00","pair":0}]"""u8.ToArray();

        var (getStatus, get) = await app.GetProblemAsync(OfflineFeaturesApp.FeaturesPath("u-1"));
        var (status, problem) = await app.PostProblemAsync(OfflineFeaturesApp.BatchBody(("u-1", null), ("u-2", null)));

        Assert.Equal((expected, expected), (getStatus, status));
        Assert.Equal((get.Title, get.Detail, "purchases-db"), (problem.Title, problem.Detail, problem.Binding));
    }
}

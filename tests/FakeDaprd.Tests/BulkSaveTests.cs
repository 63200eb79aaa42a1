using Dapr.Client;
using Grpc.Core;

namespace DaprPredictor.FakeDaprd.Tests;

/// <summary>
/// SaveState of several items as daprd runs it (dapr/dapr pkg/api/grpc/grpc.go SaveState, pkg/components/state/bulk.go
/// PerformBulkStoreOperation, components-contrib state/bulk.go DoBulkSetDelete over state/redis): one status for the
/// whole call, and under a state retry policy only the items that failed other than on their ETag are tried again.
/// Through the SDK's SaveBulkStateAsync. Dapr 1.14–1.18 alike (bulk.go unchanged in those versions' essentials).
/// DaprPredictor's state store has no retry policy (components/common/resiliency.yaml); the tests that need one say so.
/// </summary>
public sealed class BulkSaveTests
{
    private static readonly StateOptions FirstWrite = new() { Concurrency = ConcurrencyMode.FirstWrite, Consistency = ConsistencyMode.Strong };

    /// <summary>A state store policy of 3 retries (<c>targets.components.statestore.outbound.retry</c>).</summary>
    private static DaprdOptions UnderARetryPolicy(DaprdOptions options) => new() { AppId = options.AppId, StateRetries = 3 };

    [Fact]
    public async Task ABulkSaveWithOneStaleETagIsAbortedAndWritesEveryOtherItem()
    {
        await using var sidecar = await Sidecar.StartAsync();
        await SeedAsync(sidecar, "a", "b");
        await MoveAsync(sidecar, "b", "b-moved"); // b is at version 2 now

        var rpc = await DaprErrorAssert.ThrowsAsync(StatusCode.Aborted, "ERR_STATE_SAVE", () => sidecar.Client.SaveBulkStateAsync(Sidecar.Store,
            [Item("a", "a2", "1"), Item("b", "b2", "1"), Item("c", "c1", null)]));

        Assert.Contains("possible etag mismatch", rpc.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["\"a2\"", "\"b-moved\"", "\"c1\""], await ValuesAsync(sidecar, "a", "b", "c"));
    }

    [Fact]
    public async Task ABulkSaveLosingAnInsertRaceAndAnETagEndsInternalAfterTheRetriesNamingOnlyTheInsert()
    {
        await using var sidecar = await Sidecar.StartAsync(configure: UnderARetryPolicy);
        await SeedAsync(sidecar, "a", "b");
        await MoveAsync(sidecar, "a", "a-moved");
        var saves = 0;
        sidecar.Daprd.BeforeCall = (op, _) =>
        {
            if (op == "state.save") saves++;
            return Task.CompletedTask;
        };

        // "b" inserted without an ETag although it exists: a plain error, retried 3 times; "a" lost on its ETag, never retried.
        var rpc = await DaprErrorAssert.ThrowsAsync(StatusCode.Internal, "ERR_STATE_SAVE", () => sidecar.Client.SaveBulkStateAsync(Sidecar.Store,
            [Item("a", "a2", "1"), Item("b", "b2", null)]));

        Assert.Contains("failed to set key b", rpc.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("key a", rpc.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, saves);
        Assert.Equal(["\"a-moved\"", "\"b\""], await ValuesAsync(sidecar, "a", "b"));
    }

    [Fact]
    public async Task WithoutAStateRetryPolicyTheSameMixedFailureIsAborted()
    {
        await using var sidecar = await Sidecar.StartAsync();
        await SeedAsync(sidecar, "a", "b");
        await MoveAsync(sidecar, "a", "a-moved");

        await DaprErrorAssert.ThrowsAsync(StatusCode.Aborted, "ERR_STATE_SAVE", () => sidecar.Client.SaveBulkStateAsync(Sidecar.Store,
            [Item("a", "a2", "1"), Item("b", "b2", null)]));
    }

    /// <summary>
    /// Under a retry policy, the accumulator keeps only the keys to retry; once they are written the call succeeds. The
    /// item that lost on its ETag in the first attempt was never written, and the app is not told: this is why
    /// DaprPredictor's state store has no retry policy (FeatureExtractor.BulkSubscriptionTests
    /// AnETagLoserAndATransientFailureInOneBulkSaveLeaveNoWindowMissingTheBatch runs the app through it).
    /// </summary>
    [Fact]
    public async Task UnderARetryPolicyABulkSaveAnswersOkWhenItsRetriedItemsLandAlthoughAnItemLostOnItsETag()
    {
        await using var sidecar = await Sidecar.StartAsync(configure: UnderARetryPolicy);
        await SeedAsync(sidecar, "a", "b");
        await MoveAsync(sidecar, "a", "a-moved");
        var failures = 1;
        sidecar.Daprd.Fail = op => op == "state.set:b" && failures-- > 0 ? DaprdFailures.Internal("redis: i/o timeout") : null;

        await sidecar.Client.SaveBulkStateAsync(Sidecar.Store, [Item("a", "a2", "1"), Item("b", "b2", "1")]);

        Assert.Equal(["\"a-moved\"", "\"b2\""], await ValuesAsync(sidecar, "a", "b"));
    }

    /// <summary>Without a retry policy (DaprPredictor's) the same save fails, and the caller can read back which items landed.</summary>
    [Fact]
    public async Task WithoutARetryPolicyTheSameSaveFailsAbortedWithTheTransientItemUnwritten()
    {
        await using var sidecar = await Sidecar.StartAsync();
        await SeedAsync(sidecar, "a", "b");
        await MoveAsync(sidecar, "a", "a-moved");
        var failures = 1;
        sidecar.Daprd.Fail = op => op == "state.set:b" && failures-- > 0 ? DaprdFailures.Internal("redis: i/o timeout") : null;

        await DaprErrorAssert.ThrowsAsync(StatusCode.Aborted, "ERR_STATE_SAVE", () => sidecar.Client.SaveBulkStateAsync(Sidecar.Store, [Item("a", "a2", "1"), Item("b", "b2", "1")]));

        Assert.Equal(["\"a-moved\"", "\"b\""], await ValuesAsync(sidecar, "a", "b"));
    }

    [Fact]
    public async Task AnItemFailingOnEveryAttemptEndsInternalAfterOneTryAndThreeRetriesWithTheOthersWritten()
    {
        await using var sidecar = await Sidecar.StartAsync(configure: UnderARetryPolicy);
        var attempts = 0;
        sidecar.Daprd.Fail = op =>
        {
            if (op != "state.set:b") return null;
            attempts++;
            return DaprdFailures.Internal("redis: connection refused");
        };

        var rpc = await DaprErrorAssert.ThrowsAsync(StatusCode.Internal, "ERR_STATE_SAVE", () => sidecar.Client.SaveBulkStateAsync(Sidecar.Store,
            [Item("a", "a1", null), Item("b", "b1", null)]));

        Assert.Equal(4, attempts);
        Assert.Contains("redis: connection refused", rpc.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["\"a1\"", ""], await ValuesAsync(sidecar, "a", "b"));
    }

    /// <summary>daprd's --max-body-size bounds what its gRPC server receives and sends (pkg/api/grpc/server.go); 64 KiB here.</summary>
    [Fact]
    public async Task ARequestOrAResponseOverDaprdsBodyLimitIsRefusedWithResourceExhausted()
    {
        await using var sidecar = await Sidecar.StartAsync(configure: o => new DaprdOptions { AppId = o.AppId, MaxBodyBytes = 64 * 1024 });
        var big = new string('v', 40 * 1024);

        await DaprErrorAssert.ThrowsAsync(StatusCode.ResourceExhausted, null, () => sidecar.Client.SaveBulkStateAsync(Sidecar.Store, [Item("a", big, null), Item("b", big, null)]));
        await sidecar.Client.SaveBulkStateAsync(Sidecar.Store, [Item("a", big, null)]);
        await sidecar.Client.SaveBulkStateAsync(Sidecar.Store, [Item("b", big, null)]);
        await DaprErrorAssert.ThrowsAsync(StatusCode.ResourceExhausted, null, () => sidecar.Client.GetBulkStateAsync(Sidecar.Store, ["a", "b"], parallelism: null));

        Assert.Single(await sidecar.Client.GetBulkStateAsync(Sidecar.Store, ["a"], parallelism: null));
    }

    private static SaveStateItem<string> Item(string key, string value, string? etag) => new(key, value, etag!, FirstWrite);

    private static async Task SeedAsync(Sidecar sidecar, params string[] keys)
    {
        foreach (var key in keys) Assert.True(await sidecar.Client.TrySaveStateAsync(Sidecar.Store, key, key, "", FirstWrite));
    }

    /// <summary>Another writer's save over version 1.</summary>
    private static async Task MoveAsync(Sidecar sidecar, string key, string value) => Assert.True(await sidecar.Client.TrySaveStateAsync(Sidecar.Store, key, value, "1", FirstWrite));

    private static async Task<string[]> ValuesAsync(Sidecar sidecar, params string[] keys) =>
        [.. (await sidecar.Client.GetBulkStateAsync(Sidecar.Store, keys, parallelism: null)).Select(i => i.Value)];
}

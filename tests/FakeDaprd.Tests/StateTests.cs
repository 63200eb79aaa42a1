using System.Text;
using Dapr.Client;
using Grpc.Core;

namespace DaprPredictor.FakeDaprd.Tests;

/// <summary>
/// daprd's state API (dapr/dapr pkg/api/grpc/grpc.go) over <c>state.redis</c> (components-contrib state/redis/redis.go,
/// the same Lua script and Set from v1.14.0 to v1.18.4), through the SDK's own calls. Dapr 1.14–1.18 unless a test says otherwise.
/// </summary>
public sealed class StateTests
{
    private static readonly StateOptions FirstWrite = new() { Concurrency = ConcurrencyMode.FirstWrite, Consistency = ConsistencyMode.Strong };

    [Fact]
    public async Task ASavedValueIsReadBackWithAnETagThatCountsTheKeysWrites()
    {
        await using var sidecar = await Sidecar.StartAsync();

        var missing = await sidecar.Client.GetByteStateAndETagAsync(Sidecar.Store, "k");
        await sidecar.Client.SaveByteStateAsync(Sidecar.Store, "k", Bytes("one"));
        var (first, etag1) = await sidecar.Client.GetByteStateAndETagAsync(Sidecar.Store, "k");
        await sidecar.Client.SaveByteStateAsync(Sidecar.Store, "k", Bytes("two"));
        var (second, etag2) = await sidecar.Client.GetByteStateAndETagAsync(Sidecar.Store, "k");

        Assert.True(missing.Item1.IsEmpty);
        Assert.Equal("", missing.Item2);
        Assert.Equal(("one", "1"), (Text(first), etag1));
        Assert.Equal(("two", "2"), (Text(second), etag2));
    }

    [Fact]
    public async Task FirstWriteWithTheCurrentETagSavesAndWithAStaleOneReturnsFalse()
    {
        await using var sidecar = await Sidecar.StartAsync();
        await sidecar.Client.SaveByteStateAsync(Sidecar.Store, "k", Bytes("v1"));

        Assert.True(await sidecar.Client.TrySaveByteStateAsync(Sidecar.Store, "k", Bytes("v2"), "1", FirstWrite));
        Assert.False(await sidecar.Client.TrySaveByteStateAsync(Sidecar.Store, "k", Bytes("v3"), "1", FirstWrite));

        Assert.Equal("v2", Text((await sidecar.Client.GetByteStateAndETagAsync(Sidecar.Store, "k")).Item1));
    }

    [Fact]
    public async Task AStaleETagWithoutAConcurrencyOptionIsCheckedTooButLastWriteIgnoresIt()
    {
        await using var sidecar = await Sidecar.StartAsync();
        await sidecar.Client.SaveByteStateAsync(Sidecar.Store, "k", Bytes("v1"));
        await sidecar.Client.SaveByteStateAsync(Sidecar.Store, "k", Bytes("v2"));

        Assert.False(await sidecar.Client.TrySaveByteStateAsync(Sidecar.Store, "k", Bytes("v3"), "1"));
        Assert.True(await sidecar.Client.TrySaveByteStateAsync(Sidecar.Store, "k", Bytes("v3"), "1", new StateOptions { Concurrency = ConcurrencyMode.LastWrite }));
    }

    [Fact]
    public async Task FirstWriteWithoutETagInsertsAndOnAKeyThatExistsFailsWithInternalSoTheSdkThrowsInsteadOfReturningFalse()
    {
        await using var sidecar = await Sidecar.StartAsync();

        Assert.True(await sidecar.Client.TrySaveByteStateAsync(Sidecar.Store, "k", Bytes("first"), "", FirstWrite));
        var rpc = await DaprErrorAssert.ThrowsAsync(StatusCode.Internal, "ERR_STATE_SAVE",
            () => sidecar.Client.TrySaveByteStateAsync(Sidecar.Store, "k", Bytes("second"), "", FirstWrite));

        Assert.StartsWith("failed saving state in state store statestore: failed to set key k", rpc.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("first", Text((await sidecar.Client.GetByteStateAndETagAsync(Sidecar.Store, "k")).Item1));
    }

    [Fact]
    public async Task AKeyOnceWrittenWithFirstWriteRefusesEvenALastWriteSaveWithoutItsETag()
    {
        await using var sidecar = await Sidecar.StartAsync();
        Assert.True(await sidecar.Client.TrySaveByteStateAsync(Sidecar.Store, "k", Bytes("first"), "", FirstWrite));

        await DaprErrorAssert.ThrowsAsync(StatusCode.Internal, "ERR_STATE_SAVE", () => sidecar.Client.SaveByteStateAsync(Sidecar.Store, "k", Bytes("plain")));
    }

    [Fact]
    public async Task FirstWriteWithoutETagOverwritesAKeyThatWasNeverWrittenWithFirstWrite()
    {
        await using var sidecar = await Sidecar.StartAsync();
        sidecar.Daprd.Seed(Sidecar.Store, "k", Bytes("by another writer").ToArray());

        Assert.True(await sidecar.Client.TrySaveByteStateAsync(Sidecar.Store, "k", Bytes("mine"), "", FirstWrite));
    }

    [Fact]
    public async Task AnExpiredKeyIsAbsentSoFirstWriteWithoutETagInsertsAgainAndTheETagStartsOver()
    {
        await using var sidecar = await Sidecar.StartAsync();
        var ttl = new Dictionary<string, string> { ["ttlInSeconds"] = "60" };
        Assert.True(await sidecar.Client.TrySaveByteStateAsync(Sidecar.Store, "k", Bytes("old"), "", FirstWrite, ttl));
        Assert.True(await sidecar.Client.TrySaveByteStateAsync(Sidecar.Store, "k", Bytes("old2"), "1", FirstWrite, ttl));

        sidecar.Clock.Advance(TimeSpan.FromSeconds(60));

        Assert.True((await sidecar.Client.GetByteStateAndETagAsync(Sidecar.Store, "k")).Item1.IsEmpty);
        Assert.True(await sidecar.Client.TrySaveByteStateAsync(Sidecar.Store, "k", Bytes("new"), "", FirstWrite, ttl));
        Assert.Equal(("new", "1"), ToText(await sidecar.Client.GetByteStateAndETagAsync(Sidecar.Store, "k")));
    }

    [Fact]
    public async Task AnETagOnAMissingKeyIsAcceptedByRedisAndInsertsTheValue()
    {
        await using var sidecar = await Sidecar.StartAsync();

        Assert.True(await sidecar.Client.TrySaveByteStateAsync(Sidecar.Store, "k", Bytes("v"), "7", FirstWrite));
        Assert.Equal(("v", "1"), ToText(await sidecar.Client.GetByteStateAndETagAsync(Sidecar.Store, "k")));
    }

    [Fact]
    public async Task AnETagThatIsNotANumberIsInvalidArgument()
    {
        await using var sidecar = await Sidecar.StartAsync();
        await sidecar.Client.SaveByteStateAsync(Sidecar.Store, "k", Bytes("v"));

        await DaprErrorAssert.ThrowsAsync(StatusCode.InvalidArgument, "ERR_STATE_SAVE", () => sidecar.Client.TrySaveByteStateAsync(Sidecar.Store, "k", Bytes("w"), "W/\"x\"", FirstWrite));
    }

    [Theory]
    [InlineData("get")]
    [InlineData("save")]
    [InlineData("delete")]
    [InlineData("bulk")]
    public async Task AKeyContainingDaprsSeparatorIsRefusedAsIllegal(string operation)
    {
        await using var sidecar = await Sidecar.StartAsync();
        const string Key = "window|a||b";

        var rpc = await DaprErrorAssert.ThrowsAsync(StatusCode.InvalidArgument, "DAPR_STATE_ILLEGAL_KEY", operation switch
        {
            "get" => () => sidecar.Client.GetByteStateAndETagAsync(Sidecar.Store, Key),
            "save" => () => sidecar.Client.SaveByteStateAsync(Sidecar.Store, Key, Bytes("v")),
            "delete" => () => sidecar.Client.DeleteStateAsync(Sidecar.Store, Key),
            _ => () => sidecar.Client.GetBulkStateAsync(Sidecar.Store, ["ok", Key], parallelism: null),
        });

        Assert.Equal($"input key/keyPrefix '{Key}' can't contain '||'", rpc.Status.Detail);
        Assert.Equal(0, sidecar.Daprd.StateWrites);
    }

    [Fact]
    public async Task AnUnknownStoreIsInvalidArgumentAndNoStoreAtAllIsFailedPrecondition()
    {
        await using var sidecar = await Sidecar.StartAsync();
        await using var storeless = await Sidecar.StartAsync(configure: o => new DaprdOptions { StateStores = [] });

        var unknown = await DaprErrorAssert.ThrowsAsync(StatusCode.InvalidArgument, "DAPR_STATE_NOT_FOUND", () => sidecar.Client.GetByteStateAndETagAsync("nope", "k"));
        await DaprErrorAssert.ThrowsAsync(StatusCode.FailedPrecondition, "DAPR_STATE_NOT_CONFIGURED", () => storeless.Client.SaveByteStateAsync(Sidecar.Store, "k", Bytes("v")));

        Assert.Equal("state store nope is not found", unknown.Status.Detail);
    }

    [Fact]
    public async Task TtlInSecondsExpiresTheKeyOnTheClockMinusOneNeverAndASaveWithoutTtlKeepsTheExpiry()
    {
        await using var sidecar = await Sidecar.StartAsync();
        await sidecar.Client.SaveByteStateAsync(Sidecar.Store, "short", Bytes("v"), metadata: Ttl("10"));
        await sidecar.Client.SaveByteStateAsync(Sidecar.Store, "kept", Bytes("v"), metadata: Ttl("10"));
        await sidecar.Client.SaveByteStateAsync(Sidecar.Store, "kept", Bytes("v2"));
        await sidecar.Client.SaveByteStateAsync(Sidecar.Store, "forever", Bytes("v"), metadata: Ttl("10"));
        await sidecar.Client.SaveByteStateAsync(Sidecar.Store, "forever", Bytes("v2"), metadata: Ttl("-1"));

        sidecar.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False((await sidecar.Client.GetByteStateAsync(Sidecar.Store, "short")).IsEmpty);
        sidecar.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True((await sidecar.Client.GetByteStateAsync(Sidecar.Store, "short")).IsEmpty);
        Assert.True((await sidecar.Client.GetByteStateAsync(Sidecar.Store, "kept")).IsEmpty);
        Assert.Equal("v2", Text(await sidecar.Client.GetByteStateAsync(Sidecar.Store, "forever")));
        Assert.Equal("-1", sidecar.Daprd.LastTtl["forever"]);
    }

    [Fact]
    public async Task ATtlThatIsNotANumberFailsTheSaveWithInternal()
    {
        await using var sidecar = await Sidecar.StartAsync();

        await DaprErrorAssert.ThrowsAsync(StatusCode.Internal, "ERR_STATE_SAVE", () => sidecar.Client.SaveByteStateAsync(Sidecar.Store, "k", Bytes("v"), metadata: Ttl("60s")));
    }

    [Fact]
    public async Task BulkGetAnswersEveryKeyInOrderWithItsETagAMissingKeyEmptyAndAFailedReadWithoutData()
    {
        await using var sidecar = await Sidecar.StartAsync();
        await sidecar.Client.SaveByteStateAsync(Sidecar.Store, "a", Bytes("A"));
        await sidecar.Client.SaveByteStateAsync(Sidecar.Store, "a", Bytes("A2"));
        await sidecar.Client.SaveByteStateAsync(Sidecar.Store, "c", Bytes("C"));
        sidecar.Daprd.Fail = op => op == "state.get:c" ? DaprdFailures.Internal("redis: connection pool timeout") : null;

        var items = await sidecar.Client.GetBulkStateAsync(Sidecar.Store, ["a", "b", "c"], parallelism: 2);

        // The SDK drops the per-key error (BulkStateItem has no Error): a failed read looks like a missing key to the app.
        Assert.Equal([("a", "A2", "2"), ("b", "", ""), ("c", "", "")], items.Select(i => (i.Key, i.Value, i.ETag)));
    }

    [Fact]
    public async Task TryDeleteWithAStaleETagReturnsFalseAndWithTheCurrentOneDeletes()
    {
        await using var sidecar = await Sidecar.StartAsync();
        await sidecar.Client.SaveByteStateAsync(Sidecar.Store, "k", Bytes("v1"));
        await sidecar.Client.SaveByteStateAsync(Sidecar.Store, "k", Bytes("v2"));

        Assert.False(await sidecar.Client.TryDeleteStateAsync(Sidecar.Store, "k", "1"));
        Assert.True(await sidecar.Client.TryDeleteStateAsync(Sidecar.Store, "k", "2"));
        Assert.True((await sidecar.Client.GetByteStateAsync(Sidecar.Store, "k")).IsEmpty);
    }

    [Theory]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.Internal)]
    public async Task AnInjectedFailureReachesTheAppAsTheSdksDaprExceptionWithThatStatus(StatusCode code)
    {
        await using var sidecar = await Sidecar.StartAsync();
        var status = code == StatusCode.Unavailable ? DaprdFailures.Unavailable : DaprdFailures.Internal("boom");
        sidecar.Daprd.Fail = op => op == "state.save" ? status : null;

        await DaprErrorAssert.ThrowsAsync(code, null, () => sidecar.Client.TrySaveByteStateAsync(Sidecar.Store, "k", Bytes("v"), "", FirstWrite));
        Assert.Equal(0, sidecar.Daprd.StateWrites);
    }

    /// <summary>
    /// DaprClientBuilder sets GrpcChannelOptions.ThrowOperationCanceledOnCancellation, and Grpc.Net.Client then throws
    /// OperationCanceledException for a DeadlineExceeded status too: a daprd timeout (resiliency) is not a DaprException.
    /// </summary>
    [Fact]
    public async Task ADeadlineExceededFromDaprdReachesTheAppAsOperationCanceledNotAsDaprException()
    {
        await using var sidecar = await Sidecar.StartAsync();
        sidecar.Daprd.Fail = op => op == "state.get" ? DaprdFailures.DeadlineExceeded : null;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sidecar.Client.GetByteStateAndETagAsync(Sidecar.Store, "k"));
    }

    private static Dictionary<string, string> Ttl(string seconds) => new() { ["ttlInSeconds"] = seconds };

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    private static (string, string) ToText((ReadOnlyMemory<byte> Value, string ETag) entry) => (Text(entry.Value), entry.ETag);
}

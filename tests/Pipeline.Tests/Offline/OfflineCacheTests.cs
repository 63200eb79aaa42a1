using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Pipeline.Offline;
using DaprPredictor.Pipeline.Tests.Fakes;
using DaprPredictor.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DaprPredictor.Pipeline.Tests.Offline;

/// <summary>
/// The offline features' read-through cache (docs/offline-features.md): a summary computed as of T answers as-of
/// times in [T, T + TTL] and never an earlier one (it could hold purchases from that time's future); entries live one
/// TTL in the store; a zero TTL turns the cache off; a failing store costs a cache, never an answer.
/// </summary>
public sealed class OfflineCacheTests : IDisposable
{
    private static readonly DateTimeOffset T = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    /// <summary>As of T: 30.00 a day before and 70.00 half a minute before.</summary>
    private static readonly PurchaseFeatures AtT = new(2, 100, 50, 30 / 86400.0, ColdStart: false);

    private readonly FakeTimeProvider _clock = new(T);
    private readonly LookupCounts _lookups = new();
    private readonly CountingHistory _history = new(new PurchaseRecord(1, "u-1", 30m, T.AddDays(-1)), new PurchaseRecord(2, "u-1", 70m, T.AddSeconds(-30)));
    private readonly ProbedStateStore _store;

    public OfflineCacheTests() => _store = new ProbedStateStore(new JsonStateStore(_clock));

    public void Dispose() => _lookups.Dispose();

    private OfflineFeatureService Service(TimeSpan? ttl = null) => new(
        _history, _store, Options.Create(new OfflineFeaturesOptions { CacheTtl = ttl ?? TimeSpan.FromMinutes(5) }), _lookups.MeterFactory,
        NullLogger<OfflineFeatureService>.Instance);

    private static Task<UserOfflineFeatures> GetAsync(OfflineFeatureService service, DateTimeOffset asOf, string userId = "u-1") =>
        service.GetAsync(userId, asOf, CancellationToken.None).AsTask();

    [Fact]
    public async Task ALaterAsOfWithinTheTTLIsAnsweredFromTheCacheWithDaysCountedFromItsOwnAsOf()
    {
        var service = Service();

        var first = await GetAsync(service, T);
        var second = await GetAsync(service, T.AddMinutes(4));

        Assert.Equal(new UserOfflineFeatures("u-1", T, AtT), first);
        Assert.Equal(new UserOfflineFeatures("u-1", T.AddMinutes(4), AtT with { DaysSinceLastPurchase = 270 / 86400.0 }), second);
        Assert.Single(_history.Queries);
        Assert.Equal(new Dictionary<string, long> { ["miss"] = 1, ["hit"] = 1 }, _lookups.ByResult);
    }

    [Fact]
    public async Task TheSameAsOfAndExactlyOneTTLLaterAreCacheHitsAndOneTickLaterIsNot()
    {
        var service = Service();

        await GetAsync(service, T);
        await GetAsync(service, T);
        await GetAsync(service, T.AddMinutes(5));
        Assert.Single(_history.Queries);

        await GetAsync(service, T.AddMinutes(5).AddTicks(1));
        Assert.Equal([("u-1", T), ("u-1", T.AddMinutes(5).AddTicks(1))], _history.Queries);
    }

    [Fact]
    public async Task AnEarlierAsOfIsNeverAnsweredFromTheCacheBecauseItsFutureIsInThere()
    {
        var service = Service();

        var atT = await GetAsync(service, T);
        var aMinuteEarlier = await GetAsync(service, T.AddMinutes(-1));

        Assert.Equal(AtT, atT.Features);
        Assert.Equal(new PurchaseFeatures(1, 30, 30, 1 - (1 / 1440.0), ColdStart: false), aMinuteEarlier.Features); // not the purchase 30 s before T
        Assert.Equal([("u-1", T), ("u-1", T.AddMinutes(-1))], _history.Queries);
    }

    [Fact]
    public async Task AnEntryIsSavedUnderTheDocumentedKeyAndLivesOneTTLInTheStore()
    {
        var service = Service(TimeSpan.FromSeconds(45));

        await GetAsync(service, T);
        Assert.Equal([("get", "offline|u-1", null), ("save", "offline|u-1", TimeSpan.FromSeconds(45))], _store.Calls);

        _clock.Advance(TimeSpan.FromSeconds(45)); // the entry has expired from the store, though T + 10 s is within its as-of range
        await GetAsync(service, T.AddSeconds(10));
        Assert.Equal(2, _history.Queries.Count);
    }

    [Fact]
    public async Task AnotherUserIsNeverAnsweredFromThisUsersEntry()
    {
        var service = Service();

        await GetAsync(service, T);
        var other = await GetAsync(service, T, "U-1");

        Assert.Equal(new UserOfflineFeatures("U-1", T, PurchaseFeatures.ColdStartDefaults), other);
        Assert.Equal([("u-1", T), ("U-1", T)], _history.Queries);
    }

    [Fact]
    public async Task AZeroTTLTurnsTheCacheOffAndLeavesTheStoreAlone()
    {
        await GetAsync(Service(), T); // an entry left by a run with the cache on
        var calls = _store.Calls.Count;
        var service = Service(TimeSpan.Zero);

        var answer = await GetAsync(service, T);
        await GetAsync(service, T);

        Assert.Equal(AtT, answer.Features);
        Assert.Equal(3, _history.Queries.Count);
        Assert.Equal(calls, _store.Calls.Count);
    }

    [Fact]
    public async Task AStoreThatCannotBeReadCostsTheCacheNotTheAnswer()
    {
        var service = Service();
        _store.FailOn = op => op == "get" ? new HttpRequestException("state store down") : null;

        var answer = await GetAsync(service, T);

        Assert.Equal(AtT, answer.Features);
        Assert.Equal(new Dictionary<string, long> { ["error"] = 1, ["miss"] = 1 }, _lookups.ByResult);
    }

    [Fact]
    public async Task AStoreThatCannotBeWrittenCostsTheCacheNotTheAnswer()
    {
        var service = Service();
        _store.FailOn = op => op == "save" ? new HttpRequestException("state store down") : null;

        var first = await GetAsync(service, T);
        var second = await GetAsync(service, T);

        Assert.Equal(first, second);
        Assert.Equal(2, _history.Queries.Count);
        Assert.Equal(new Dictionary<string, long> { ["error"] = 2, ["miss"] = 2 }, _lookups.ByResult);
    }

    [Theory]
    [InlineData("get")]
    [InlineData("save")]
    public async Task ACancelledStoreCallCancelsTheLookupInsteadOfCountingAnError(string operation)
    {
        var service = Service();
        _store.FailOn = op => op == operation ? new OperationCanceledException("the caller went away") : null;

        await Assert.ThrowsAsync<OperationCanceledException>(async () => await GetAsync(service, T));

        Assert.False(_lookups.ByResult.ContainsKey("error"));
    }
}

using DaprPredictor.FakeDaprd;
using DaprPredictor.Pipeline.Offline;

namespace DaprPredictor.OfflineFeatures.Tests;

/// <summary>The read-through cache in the Dapr state store, as the service wires it (the rules themselves live in libs/Pipeline).</summary>
public sealed class CacheTests
{
    private static readonly DateTimeOffset T = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    private static OfflineFeaturesApp AppWithOnePurchase(Dictionary<string, string?>? settings = null)
    {
        var app = new OfflineFeaturesApp(settings);
        app.Dapr.OnBinding = _ => """[{"amount":"30.00","purchase_count":1,"purchased_at":"2026-01-09T00:00:00Z","total_spend":"30.00"}]"""u8.ToArray();
        return app;
    }

    private static string At(TimeSpan after) => Domain.Events.Rfc3339.Format(T + after);

    [Fact]
    public async Task ASecondLookupWithinTheTTLIsServedFromTheCacheForItsOwnAsOf()
    {
        await using var app = AppWithOnePurchase();

        var first = await app.GetFeaturesAsync("u-1", At(TimeSpan.Zero));
        var second = await app.GetFeaturesAsync("u-1", At(TimeSpan.FromMinutes(4)));

        Assert.Single(app.Dapr.BindingRequests);
        Assert.Equal(1, first.Features.DaysSinceLastPurchase);
        Assert.Equal(1 + (4 / (24.0 * 60)), second.Features.DaysSinceLastPurchase, 12);
        Assert.Equal(T.AddMinutes(4), second.AsOf);
    }

    [Fact]
    public async Task ALookupForAnEarlierAsOfOrBeyondTheTTLQueriesTheStoreAgain()
    {
        await using var app = AppWithOnePurchase();

        await app.GetFeaturesAsync("u-1", At(TimeSpan.Zero));
        await app.GetFeaturesAsync("u-1", At(TimeSpan.FromSeconds(-1)));
        Assert.Equal(2, app.Dapr.BindingRequests.Count);

        await app.GetFeaturesAsync("u-1", At(TimeSpan.FromMinutes(5) + TimeSpan.FromMilliseconds(1)));
        Assert.Equal(3, app.Dapr.BindingRequests.Count);
    }

    [Fact]
    public async Task AnotherUserIsNeverServedFromThisUsersCacheEntry()
    {
        await using var app = AppWithOnePurchase();

        await app.GetFeaturesAsync("u-1", At(TimeSpan.Zero));
        await app.GetFeaturesAsync("U-1", At(TimeSpan.Zero));

        Assert.Equal(2, app.Dapr.BindingRequests.Count);
    }

    [Fact]
    public async Task AUserIdContainingDaprsKeySeparatorIsCachedUnderALegalKey()
    {
        await using var app = AppWithOnePurchase();

        await app.GetFeaturesAsync("a||b", At(TimeSpan.Zero));
        await app.GetFeaturesAsync("a||b", At(TimeSpan.FromMinutes(1)));

        Assert.Single(app.Dapr.BindingRequests);
    }

    [Theory]
    [InlineData(null, "300")]
    [InlineData("00:00:45", "45")]
    [InlineData("00:00:00.5", "1")]
    public async Task TheCacheEntryIsWrittenWithTheConfiguredTTLAsStateMetadata(string? ttl, string seconds)
    {
        await using var app = AppWithOnePurchase(ttl is null ? null : new() { ["OfflineFeatures:CacheTtl"] = ttl });

        await app.GetFeaturesAsync("u-1", At(TimeSpan.Zero));

        Assert.Equal(seconds, app.Dapr.LastTtl[OfflineFeatureService.CacheKey("u-1")]);
    }

    [Fact]
    public async Task AZeroTTLTurnsTheCacheOff()
    {
        await using var app = AppWithOnePurchase(new() { ["OfflineFeatures:CacheTtl"] = "00:00:00" });

        await app.GetFeaturesAsync("u-1", At(TimeSpan.Zero));
        await app.GetFeaturesAsync("u-1", At(TimeSpan.Zero));

        Assert.Equal(2, app.Dapr.BindingRequests.Count);
        Assert.Equal(0, app.Dapr.StateWrites);
    }

    [Fact]
    public async Task AFailingStateStoreDoesNotFailTheRequest()
    {
        await using var app = AppWithOnePurchase();
        app.Dapr.Fail = op => op.StartsWith("state.", StringComparison.Ordinal) ? DaprdFailures.Unavailable : null;

        var first = await app.GetFeaturesAsync("u-1", At(TimeSpan.Zero));
        var second = await app.GetFeaturesAsync("u-1", At(TimeSpan.Zero));

        Assert.Equal(1, first.Features.PurchaseCount);
        Assert.Equal(first, second);
        Assert.Equal(2, app.Dapr.BindingRequests.Count);
    }

    [Fact]
    public async Task ATTLOutsideTheAllowedRangeStopsTheServiceAtStart()
    {
        await using var app = new OfflineFeaturesApp(new() { ["OfflineFeatures:CacheTtl"] = "2.00:00:00" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("CacheTtl", error.ToString(), StringComparison.Ordinal);
    }
}

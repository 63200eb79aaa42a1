using System.Net;
using DaprPredictor.FakeDaprd;
using DaprPredictor.OfflineFeatures.WarmUp;

namespace DaprPredictor.OfflineFeatures.Tests;

/// <summary>
/// offline-features is ready (<c>/health</c>) only once both of its gRPC channels to the sidecar have made a round trip:
/// the bulk state read of the batch route and the SDK's single read. The dapr-path rig showed why: a cold process's
/// first GetBulkState took longer than the feature extractor's 250 ms deadline, whose cancellation abandoned it, so that
/// every bulk lookup was cancelled before reaching the sidecar and every bulk prediction was degraded.
/// </summary>
public sealed class WarmUpTests
{
    /// <summary>Long enough for a loaded machine; the tests wait for a state, they do not time anything.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task HealthIsUnhealthyUntilTheBulkAndSingleStateReadsHaveReachedTheSidecar()
    {
        using var app = new OfflineFeaturesApp();
        app.Dapr.Fail = op => op is "state.bulkget" or "state.get" ? DaprdFailures.Unavailable : null;
        using var client = app.CreateClient();

        await WaitForAsync(() => app.Dapr.Calls.GetValueOrDefault("GetBulkState") > 0);
        var (status, body) = await HealthAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains(SidecarWarmUp.Name, body, StringComparison.Ordinal);
        Assert.Contains("warming up", body, StringComparison.Ordinal);

        app.Dapr.Fail = _ => null;
        await WaitForAsync(async () => (await HealthAsync(client)).Status == HttpStatusCode.OK);
        Assert.True(app.Dapr.Calls.GetValueOrDefault("GetBulkState") > 0, "the batch route's bulk read was not warmed");
        Assert.True(app.Dapr.Calls.GetValueOrDefault("GetState") > 0, "the single route's read was not warmed");
        Assert.Contains("warm:", (await HealthAsync(client)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASidecarThatNeverAnswersLeavesTheServiceReadyButDegradedAfterTheWarmUpTimeout()
    {
        using var app = new OfflineFeaturesApp(new() { ["OfflineFeatures:WarmUpTimeout"] = "00:00:01" });
        app.Dapr.Fail = op => op == "state.bulkget" ? DaprdFailures.Unavailable : null;
        using var client = app.CreateClient();

        await WaitForAsync(async () => (await HealthAsync(client)).Status == HttpStatusCode.OK);
        var (_, body) = await HealthAsync(client);
        Assert.Contains("Degraded", body, StringComparison.Ordinal);
        Assert.Contains("cold:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWarmUpTimeoutOfZeroReadsNothing()
    {
        using var app = new OfflineFeaturesApp(new() { ["OfflineFeatures:WarmUpTimeout"] = "00:00:00" });
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await HealthAsync(client)).Status);
        Assert.Equal(0, app.Dapr.Calls.GetValueOrDefault("GetBulkState") + app.Dapr.Calls.GetValueOrDefault("GetState"));
    }

    private static async Task<(HttpStatusCode Status, string Body)> HealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task WaitForAsync(Func<bool> condition) => WaitForAsync(() => Task.FromResult(condition()));

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (!await condition()) await Task.Delay(50, patience.Token);
    }
}

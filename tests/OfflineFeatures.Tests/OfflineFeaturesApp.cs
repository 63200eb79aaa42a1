using System.Net.Http.Json;
using DaprPredictor.Contracts;
using DaprPredictor.FakeDaprd;
using DaprPredictor.FakeDaprd.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace DaprPredictor.OfflineFeatures.Tests;

/// <summary>
/// The real offline-features host with its boundaries swapped: the sidecar, a fake daprd on loopback ports that the app's
/// own DaprClient reaches (it answers binding calls through <see cref="Daprd.OnBinding"/>, by default with the MySQL
/// binding's answer for no rows, and holds the cache's state with TTLs), and the clock.
/// </summary>
public sealed class OfflineFeaturesApp(Dictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Now);

    public Daprd Dapr => _dapr ??= NewSidecar(Clock);

    private Daprd? _dapr;
    private DaprdHost? _sidecar;

    /// <summary>The offline-features sidecar: the state store for the cache and the purchases binding; "null" is the binding's answer for no rows.</summary>
    public static Daprd NewSidecar(TimeProvider clock) => new(clock, new DaprdOptions
    {
        AppId = Topology.OfflineFeaturesAppId,
        StateStores = [Topology.StateStoreComponent],
        Bindings = [Topology.PurchasesBindingComponent],
    })
    {
        OnBinding = _ => "null"u8.ToArray(),
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        _sidecar ??= DaprdHost.StartAsync(Dapr).GetAwaiter().GetResult();
        builder.UseSetting("Dapr:GrpcEndpoint", _sidecar.GrpcEndpoint.ToString());
        builder.UseSetting("Dapr:HttpEndpoint", _sidecar.HttpEndpoint.ToString());
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _sidecar?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    public static string FeaturesPath(string userId, string? asOf = null) =>
        $"/features?userId={Uri.EscapeDataString(userId)}" + (asOf is null ? "" : "&asOf=" + Uri.EscapeDataString(asOf));

    public async Task<UserOfflineFeatures> GetFeaturesAsync(string userId, string? asOf = null)
    {
        using var client = CreateClient();
        using var response = await client.GetAsync(FeaturesPath(userId, asOf));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {FeaturesPath(userId, asOf)} answered {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize(body, ContractsJsonContext.Default.UserOfflineFeatures)!;
    }

    public async Task<(int Status, ProblemBody Problem)> GetProblemAsync(string path)
    {
        using var client = CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return ((int)response.StatusCode, (await response.Content.ReadFromJsonAsync<ProblemBody>())!);
    }

    /// <summary>A <c>POST /features/batch</c> body; a null as-of leaves the member out (the service's clock then).</summary>
    public static string BatchBody(params (string UserId, string? AsOf)[] pairs) =>
        System.Text.Json.JsonSerializer.Serialize(new { pairs = pairs.Select(p => p.AsOf is null ? (object)new { userId = p.UserId } : new { userId = p.UserId, asOf = p.AsOf }) });

    public async Task<IReadOnlyList<UserOfflineFeatures>> PostBatchAsync(params (string UserId, string? AsOf)[] pairs)
    {
        using var client = CreateClient();
        using var response = await client.PostAsync(UserFeatures.OfflineFeaturesApi.BatchRoute, Testing.Hostile.JsonBody.Of(System.Text.Encoding.UTF8.GetBytes(BatchBody(pairs))));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {UserFeatures.OfflineFeaturesApi.BatchRoute} answered {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize(body, ContractsJsonContext.Default.OfflineFeaturesBatchResponse)!.Features;
    }

    public async Task<(int Status, ProblemBody Problem)> PostProblemAsync(string body)
    {
        using var client = CreateClient();
        using var response = await client.PostAsync(UserFeatures.OfflineFeaturesApi.BatchRoute, Testing.Hostile.JsonBody.Of(System.Text.Encoding.UTF8.GetBytes(body)));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return ((int)response.StatusCode, (await response.Content.ReadFromJsonAsync<ProblemBody>())!);
    }
}

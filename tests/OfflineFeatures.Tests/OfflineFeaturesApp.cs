using System.Net.Http.Json;
using Dapr.Client;
using DaprPredictor.Contracts;
using DaprPredictor.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace DaprPredictor.OfflineFeatures.Tests;

/// <summary>
/// The real offline-features host with its boundaries swapped: the sidecar (DaprClient → FakeDaprClient, which answers
/// binding calls through <see cref="FakeDaprClient.OnBinding"/> and holds state with TTLs) and the clock.
/// </summary>
public sealed class OfflineFeaturesApp(Dictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Clock { get; } = new(Now);

    public FakeDaprClient Dapr => _dapr ??= new FakeDaprClient(Clock);

    private FakeDaprClient? _dapr;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<DaprClient>();
            services.AddSingleton<DaprClient>(Dapr);
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
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
}

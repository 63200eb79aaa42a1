using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Synthetic;
using DaprPredictor.Testing;

namespace DaprPredictor.Standalone.Tests;

/// <summary>
/// A real Prometheus (Debian's package, started by scripts/prometheus/start.sh as CI does) scrapes the standalone host,
/// run as a process with <c>--serve</c>, every second while page views and purchases flow in over HTTP; what it stored
/// is read back through its HTTP API.
/// </summary>
[Collection(StandaloneCollection.Name)]
public sealed class PrometheusTests(StandaloneModel model) : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "daprpredictor-prometheus-" + Guid.NewGuid().ToString("N")[..8]);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Process? _host;

    [Fact]
    public async Task PrometheusSeesTheEventCountersALatencyQuantileAndTheOnlineLogLossMoveWhileEventsFlow()
    {
        var appPort = ProjectScripts.FreePort();
        var app = $"http://127.0.0.1:{appPort}";

        // Visits of the last day that all ended at least two hours ago: their outcome is known the moment they arrive.
        var now = DateTimeOffset.UtcNow;
        var shop = SyntheticGenerator.Generate(new SyntheticOptions
        {
            Users = 1_500, Seed = 11, ClickstreamStart = now.AddHours(-26), ClickstreamDays = 1, UserIdPrefix = "prom-",
        });
        var purchasesFile = Path.Combine(_dir, "purchases.jsonl");
        JsonLines.Write(purchasesFile, shop.Purchases, ContractsJsonContext.Default.PurchaseRecord);
        var empty = Path.Combine(_dir, "none.jsonl");
        await File.WriteAllTextAsync(empty, string.Empty);

        _host = StartHost(app, empty, purchasesFile);
        await Eventually.Until(async () => await IsHealthyAsync(app), ok => ok, "the standalone host to report healthy");

        var config = Path.Combine(_dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: standalone
                static_configs:
                  - targets: ["127.0.0.1:{appPort}"]
            """);
        var started = await ProjectScripts.RunAsync("prometheus/start.sh", TimeSpan.FromMinutes(5),
            "--dir", _dir, "--port", ProjectScripts.FreePort().ToString(CultureInfo.InvariantCulture), "--config", config);
        var prometheus = started.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last().Split('=', 2)[1].Trim();
        await Eventually.Until(async () => await QueryAsync(prometheus, "up{job=\"standalone\"}"), v => v.Any(x => x == 1), "Prometheus to scrape the host");

        var from = DateTimeOffset.UtcNow;
        var batches = Interleaved(shop).Chunk(1_000).ToArray();
        foreach (var batch in batches)
        {
            using var response = await Http.PostAsync(app + "/events", new StringContent("[" + string.Join(',', batch) + "]", Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(1.5));
        }

        var pageViews = shop.Sessions.Sum(s => s.Events.Length);
        await Eventually.Until(async () => await QueryAsync(prometheus, "daprpredictor_events_received_total"), v => v.Contains(pageViews), "the last page view to be scraped");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var to = DateTimeOffset.UtcNow;

        var received = await RangeAsync(prometheus, "daprpredictor_events_received_total", from, to);
        Assert.True(received.Distinct().Count() >= 3, $"the received counter moved while events flowed: {string.Join(", ", received.Distinct())}");
        Assert.Equal(pageViews, received.Max());
        var scored = await QueryAsync(prometheus, "sum(daprpredictor_events_scored_total)");
        Assert.Equal(pageViews, Assert.Single(scored));

        var p99 = await RangeAsync(prometheus, "histogram_quantile(0.99, sum by (le) (rate(daprpredictor_event_duration_seconds_bucket[5s])))", from, to);
        Assert.Contains(p99, v => double.IsFinite(v) && v > 0 && v < 1);

        var logLoss = await RangeAsync(prometheus, "daprpredictor_online_log_loss", from, to);
        Assert.True(logLoss.Distinct().Count() >= 2, $"the online log loss moved as sessions were graded: {string.Join(", ", logLoss.Distinct())}");
        Assert.All(logLoss, v => Assert.InRange(v, 0.05, 2));
        var training = Assert.Single(await QueryAsync(prometheus, "daprpredictor_model_training_log_loss"));
        Assert.InRange(training, 0.05, 1);
    }

    /// <summary>Page views and purchases of the shop as one JSON element each, in time order, as the shop would send them.</summary>
    private static IEnumerable<string> Interleaved(SyntheticDataset shop)
    {
        var start = shop.Options.ClickstreamStart;
        var views = shop.Clickstream().Select(e => (At: Rfc3339.TryParse(e.Timestamp, out var at) ? at : start, Json: PageViewJson.Serialize(e)));
        var purchases = shop.Purchases.Where(p => p.PurchasedAt >= start)
            .Select(p => (At: p.PurchasedAt, Json: JsonSerializer.Serialize(p, ContractsJsonContext.Default.PurchaseRecord)));
        return views.Concat(purchases).OrderBy(x => x.At).Select(x => x.Json);
    }

    private Process StartHost(string url, string events, string purchases)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "DaprPredictor.Standalone.dll"), "--replay", events, "--purchases", purchases, "--model", model.Files.Model, "--serve", "--urls", url })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Grading__SweepInterval"] = "00:00:00.200";
        start.Environment["Grading__WindowSize"] = "500";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> IsHealthyAsync(string app)
    {
        try
        {
            using var response = await Http.GetAsync(app + "/health");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<double[]> QueryAsync(string prometheus, string query)
    {
        using var json = JsonDocument.Parse(await Http.GetStringAsync($"{prometheus}/api/v1/query?query={Uri.EscapeDataString(query)}"));
        return json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(r => Value(r.GetProperty("value"))).ToArray();
    }

    private static async Task<double[]> RangeAsync(string prometheus, string query, DateTimeOffset from, DateTimeOffset to)
    {
        var url = $"{prometheus}/api/v1/query_range?query={Uri.EscapeDataString(query)}&start={from.ToUnixTimeSeconds()}&end={to.ToUnixTimeSeconds()}&step=1";
        using var json = JsonDocument.Parse(await Http.GetStringAsync(url));
        return json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .SelectMany(r => r.GetProperty("values").EnumerateArray().Select(Value)).Where(v => !double.IsNaN(v)).ToArray();
    }

    /// <summary>A sample is [unix time, "value"]; the value is a string so that NaN and ±Inf survive JSON.</summary>
    private static double Value(JsonElement sample) => double.Parse(sample[1].GetString()!, CultureInfo.InvariantCulture);

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_host is { HasExited: false }) _host.Kill(entireProcessTree: true);
        _host?.Dispose();
        await ProjectScripts.RunAsync("prometheus/stop.sh", TimeSpan.FromMinutes(1), "--dir", _dir);
        Http.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

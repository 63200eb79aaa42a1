using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Testing;
using Microsoft.Extensions.Logging;

namespace DaprPredictor.Scorer.Tests;

/// <summary>The scorer's readiness and hot reload, through HTTP, with real files and real watchers.</summary>
[Collection(TrainedModelsCollection.Name)]
public sealed class ModelReloadTests(TrainedModels models)
{
    [Fact]
    public async Task WithoutAModelTheScorerIsAliveButNotReadyAndBecomesReadyWhenTheFileAppears()
    {
        // The model's folder does not exist either: nothing can be watched until it does, only polled.
        await using var scorer = new ScorerFactory(modelFolder: "not-yet");
        using var client = scorer.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        var (status, health) = await HealthAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", health.GetProperty("checks").GetProperty("model").GetProperty("status").GetString());
        Assert.Contains($"no model file at '{scorer.ModelPath}'", ModelCheck(health, "description"), StringComparison.Ordinal);

        using var score = await client.PostAsJsonAsync("/score", ScorerFactory.FeaturesRequest(models.Vectors[0]));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, score.StatusCode);
        Assert.Contains("no model file at", await score.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/model")).StatusCode);

        scorer.ReplaceModel(models.First.Bytes);

        await Eventually.Until(async () => (await HealthAsync(client)).Status, s => s == HttpStatusCode.OK, "readiness after the model file appeared");
        var scored = await ScorerFactory.ReadScoreAsync(await client.PostAsJsonAsync("/score", ScorerFactory.FeaturesRequest(models.Vectors[0])));
        Assert.Equal(models.First.Version, scored.ModelVersion);
    }

    [Fact]
    public async Task ReplacingTheModelUnderConcurrentLoadFailsNoRequestAndSwitchesVersions()
    {
        await using var scorer = new ScorerFactory();
        scorer.ReplaceModel(models.First.Bytes);
        using var client = scorer.CreateClient();
        var batch = models.Vectors;
        var expected = new Dictionary<string, double[]>
        {
            [models.First.Version] = models.First.Expected(batch),
            [models.Second.Version] = models.Second.Expected(batch),
        };
        var failures = new ConcurrentQueue<string>();
        var versionsSeen = new ConcurrentDictionary<string, int>();
        var requests = 0;
        using var stop = new CancellationTokenSource();

        async Task ClientAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await client.PostAsJsonAsync("/score", ScorerFactory.BatchRequest(batch), CancellationToken.None);
                Interlocked.Increment(ref requests);
                if (!response.IsSuccessStatusCode)
                {
                    failures.Enqueue($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    continue;
                }

                var score = (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.ScoreResponse))!;
                versionsSeen.AddOrUpdate(score.ModelVersion, 1, (_, n) => n + 1);

                // Every vector of a response must come from the model the response names: no request straddles a swap.
                if (!expected.TryGetValue(score.ModelVersion, out var probabilities) || !probabilities.SequenceEqual(score.Probabilities))
                {
                    failures.Enqueue($"{score.ModelVersion} answered [{string.Join(", ", score.Probabilities)}]");
                }
            }
        }

        var clients = Enumerable.Range(0, 8).Select(_ => Task.Run(ClientAsync)).ToArray();
        var swaps = Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? models.Second : models.First).Append(models.Second).ToArray();
        foreach (var next in swaps)
        {
            var before = Volatile.Read(ref requests);
            scorer.ReplaceModel(next.Bytes);
            await Eventually.Until(() => client.GetFromJsonAsync("/model", ContractsJsonContext.Default.ModelStatus), s => s?.ModelVersion == next.Version, $"serving {next.Version}");
            await Eventually.Until(() => Volatile.Read(ref requests) > before + 50, "requests continuing after the swap");
        }

        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.Empty(failures);
        Assert.True(versionsSeen.ContainsKey(models.First.Version) && versionsSeen.ContainsKey(models.Second.Version),
            $"both versions should have answered: {string.Join(", ", versionsSeen)}");
        var final = await ScorerFactory.ReadScoreAsync(await client.PostAsJsonAsync("/score", ScorerFactory.BatchRequest(batch)));
        Assert.Equal(models.Second.Version, final.ModelVersion);
        Assert.Equal(expected[models.Second.Version], final.Probabilities);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("not-a-zip")]
    [InlineData("empty")]
    [InlineData("no-card")]
    [InlineData("other-schema")]
    public async Task BrokenModelFileDoesNotReplaceTheServedModelAndALaterGoodOneDoes(string damage)
    {
        await using var scorer = new ScorerFactory();
        scorer.ReplaceModel(models.First.Bytes);
        using var client = scorer.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await HealthAsync(client)).Status);

        scorer.OverwriteModel(models.Broken(damage));

        var (status, health) = await Eventually.Until(() => HealthAsync(client), h => ModelCheck(h.Health, "lastReloadError") is not null, "the reload error in /health");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal(models.First.Version, ModelCheck(health, "modelVersion"));
        Assert.Equal("invalid", ModelCheck(health, "lastReloadErrorReason"));
        Assert.Contains(scorer.ModelPath, ModelCheck(health, "lastReloadError"), StringComparison.Ordinal);
        var stillFirst = await ScorerFactory.ReadScoreAsync(await client.PostAsJsonAsync("/score", ScorerFactory.FeaturesRequest(models.Vectors[1])));
        Assert.Equal(models.First.Version, stillFirst.ModelVersion);
        Assert.Equal(models.First.Expected([models.Vectors[1]]), stillFirst.Probabilities);
        // The state /health reads is published before the event that logs it is raised: wait for the log the same way.
        await Eventually.Until(
            () => Task.FromResult(scorer.Logs.Records),
            records => records.Any(r => r.Level == LogLevel.Error && r.Message.Contains($"Still serving {models.First.Version}", StringComparison.Ordinal)),
            "the error log of the refused reload");
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("daprpredictor_model_reload_failures_total{", StringComparison.Ordinal)
            && line.Contains("reason=\"invalid\"", StringComparison.Ordinal));

        scorer.ReplaceModel(models.Second.Bytes);

        await Eventually.Until(() => client.GetFromJsonAsync("/model", ContractsJsonContext.Default.ModelStatus), s => s?.ModelVersion == models.Second.Version, "the later good model");
        var (_, recovered) = await HealthAsync(client);
        Assert.Null(ModelCheck(recovered, "lastReloadError"));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Health)> HealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, json);
    }

    private static string? ModelCheck(JsonElement health, string property) =>
        health.GetProperty("checks").GetProperty("model").TryGetProperty(property, out var value) ? value.GetString() : null;
}

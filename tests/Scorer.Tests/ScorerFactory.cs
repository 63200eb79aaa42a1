using System.Net.Http.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Scorer.Scoring;
using DaprPredictor.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DaprPredictor.Scorer.Tests;

/// <summary>
/// The scorer as configured in production except its boundaries: the model file lives in a fresh temporary folder,
/// the poll is short, and log records are captured.
/// </summary>
public sealed class ScorerFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    /// <param name="modelFolder">Folder of model.zip, relative to a fresh temporary folder; it is not created.</param>
    public ScorerFactory(string modelFolder = "", IReadOnlyDictionary<string, string?>? settings = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "daprpredictor-scorer-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        ModelPath = Path.Combine(Root, modelFolder, "model.zip");
        _settings = new Dictionary<string, string?>
        {
            [$"{ScorerOptions.Section}:{nameof(ScorerOptions.ModelPath)}"] = ModelPath,
            [$"{ScorerOptions.Section}:{nameof(ScorerOptions.ReloadPollInterval)}"] = "00:00:00.200",
            [$"{ScorerOptions.Section}:{nameof(ScorerOptions.ReloadDebounce)}"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    public string Root { get; }

    public string ModelPath { get; }

    public CapturedLogs Logs { get; } = new();

    /// <summary>The host environment; WebApplicationFactory's default is Development.</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>Replaces the model the way deployments should: write beside it, then rename over it.</summary>
    public void ReplaceModel(byte[] bytes)
    {
        var directory = Path.GetDirectoryName(ModelPath)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".model.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, ModelPath, overwrite: true);
    }

    /// <summary>Writes over the model in place, as a careless copy does.</summary>
    public void OverwriteModel(byte[] bytes) => File.WriteAllBytes(ModelPath, bytes);

    public static object FeaturesRequest(float[] features, int schemaVersion = 1) => new { featureSchemaVersion = schemaVersion, features };

    public static object BatchRequest(IEnumerable<float[]> batch, int schemaVersion = 1) => new { featureSchemaVersion = schemaVersion, batch };

    public static async Task<ScoreResponse> ReadScoreAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"expected a score, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.ScoreResponse))!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

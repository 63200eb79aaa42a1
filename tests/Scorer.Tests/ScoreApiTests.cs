using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Testing;

namespace DaprPredictor.Scorer.Tests;

[Collection(TrainedModelsCollection.Name)]
public sealed class ScoreApiTests : IDisposable
{
    private readonly TrainedModels _models;
    private readonly ScorerFactory _scorer = new();
    private readonly HttpClient _client;

    public ScoreApiTests(TrainedModels models)
    {
        _models = models;
        _scorer.ReplaceModel(models.First.Bytes);
        _client = _scorer.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _scorer.Dispose();
    }

    [Fact]
    public async Task SingleVectorGetsThePooledPredictorsProbabilityAndTheModelVersion()
    {
        var vector = _models.Vectors[3];

        var score = await ScorerFactory.ReadScoreAsync(await _client.PostAsJsonAsync("/score", ScorerFactory.FeaturesRequest(vector)));

        Assert.Equal(_models.First.Version, score.ModelVersion);
        Assert.Equal(FeatureSchema.Version, score.FeatureSchemaVersion);
        var probability = Assert.Single(score.Probabilities);
        Assert.InRange(probability, 0, 1);
        Assert.Equal(_models.First.Expected([vector])[0], probability);
    }

    [Fact]
    public async Task BatchGetsOneProbabilityPerVectorInRequestOrder()
    {
        var batch = _models.Vectors;

        var score = await ScorerFactory.ReadScoreAsync(await _client.PostAsJsonAsync("/score", ScorerFactory.BatchRequest(batch)));
        var reversed = await ScorerFactory.ReadScoreAsync(await _client.PostAsJsonAsync("/score", ScorerFactory.BatchRequest(Enumerable.Reverse(batch))));

        Assert.Equal(_models.First.Version, score.ModelVersion);
        Assert.Equal(_models.First.Expected(batch), score.Probabilities);
        Assert.Equal(Enumerable.Reverse(score.Probabilities), reversed.Probabilities);
        Assert.All(score.Probabilities, p => Assert.InRange(p, 0, 1));
        Assert.True(score.Probabilities.Distinct().Count() > 10, "a real model scores real vectors differently");
    }

    [Fact]
    public async Task ModelEndpointDescribesTheServedModel()
    {
        var status = await _client.GetFromJsonAsync("/model", ContractsJsonContext.Default.ModelStatus);

        Assert.NotNull(status);
        Assert.Equal(_models.First.Version, status.ModelVersion);
        Assert.Equal(FeatureSchema.Version, status.FeatureSchemaVersion);
        Assert.Equal(_scorer.ModelPath, status.Path);
        Assert.Contains("FastTree", status.Trainer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongSchemaVersionIsRejectedNamingTheSupportedVersion()
    {
        var problem = await RejectedAsync(ScorerFactory.FeaturesRequest(_models.Vectors[0], schemaVersion: 2));

        Assert.Contains("featureSchemaVersion 2 is not supported", Detail(problem), StringComparison.Ordinal);
        Assert.Contains($"version {FeatureSchema.Version}", Detail(problem), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("featureSchemaVersion", out _));
    }

    [Fact]
    public async Task VectorOfTheWrongLengthIsRejectedWithTheExpectedLength()
    {
        var problem = await RejectedAsync(ScorerFactory.FeaturesRequest(_models.Vectors[0][..54]));

        Assert.Contains($"has {FeatureSchema.Length} values, got 54", Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NaNValueIsRejectedNamingTheFeature()
    {
        var values = _models.Vectors[0].Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        values[46] = "\"NaN\"";
        var json = $"{{\"featureSchemaVersion\":1,\"features\":[{string.Join(',', values)}]}}";

        var problem = await RejectedAsync(json);

        Assert.Contains($"value 46 ({FeatureSchema.Names[46]}) is not a finite number", Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FaultyVectorInABatchIsReportedByItsIndex()
    {
        var batch = _models.Vectors.Take(5).ToArray();
        batch[2] = batch[2][..10];

        var problem = await RejectedAsync(ScorerFactory.BatchRequest(batch));

        Assert.StartsWith("batch[2]: ", Detail(problem), StringComparison.Ordinal);
        Assert.Equal("batch[2]", Assert.Single(problem.GetProperty("errors").EnumerateObject()).Name);
    }

    [Fact]
    public async Task RequestWithBothFeaturesAndBatchIsRejected()
    {
        var problem = await RejectedAsync(new { featureSchemaVersion = 1, features = _models.Vectors[0], batch = _models.Vectors.Take(2) });

        Assert.Contains("both 'features' and 'batch'", Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestWithNeitherFeaturesNorBatchIsRejected()
    {
        var problem = await RejectedAsync(new { featureSchemaVersion = 1 });

        Assert.Contains("neither 'features'", Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchOverTheLimitIsRejectedWithTheLimit()
    {
        var batch = Enumerable.Range(0, 1025).Select(i => _models.Vectors[i % _models.Vectors.Length]);

        var problem = await RejectedAsync(ScorerFactory.BatchRequest(batch));

        Assert.Contains("'batch' has 1025 vectors; at most 1024", Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyBatchIsRejected()
    {
        var problem = await RejectedAsync(ScorerFactory.BatchRequest([]));

        Assert.Contains("'batch' is empty", Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJsonIsRejectedWithThePathWhereItBroke()
    {
        var problem = await RejectedAsync("{\"featureSchemaVersion\":1,\"batch\":[[0.5,\"high\"]]}");

        Assert.Contains("invalid JSON at $.batch[0][1]", Detail(problem), StringComparison.Ordinal);
    }

    private async Task<JsonElement> RejectedAsync(object request)
    {
        using HttpContent content = request is string json
            ? new StringContent(json, Encoding.UTF8, "application/json")
            : JsonContent.Create(request);
        using var response = await _client.PostAsync("/score", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString()!;
}

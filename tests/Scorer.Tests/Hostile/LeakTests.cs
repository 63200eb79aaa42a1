using System.Net;
using Microsoft.Extensions.Options;
using DaprPredictor.Testing;

namespace DaprPredictor.Scorer.Tests.Hostile;

/// <summary>
/// In Production, what the scorer answers names files, not where they live: no absolute path in <c>/health</c>,
/// <c>GET /model</c> or a 503 body. Development may show more.
/// </summary>
[Collection(TrainedModelsCollection.Name)]
public sealed class LeakTests(TrainedModels models)
{
    [Fact]
    public async Task InProductionHealthModelAndNoModelAnswersNameTheFileButNotItsFolder()
    {
        using var scorer = new ScorerFactory("deployment/models") { Environment = "Production" };
        var client = scorer.CreateClient();
        var folder = Path.GetDirectoryName(scorer.ModelPath)!;

        var unhealthy = await client.GetAsync("/health");
        var noModel = await client.PostAsync("/score", new StringContent(Testing.Hostile.HostileScores.Request(Testing.Hostile.HostileScores.Vector()), System.Text.Encoding.UTF8, "application/json"));
        scorer.ReplaceModel(models.First.Bytes);
        await Eventually.Until(async () => (await client.GetAsync("/model")).StatusCode, s => s == HttpStatusCode.OK, "the model to load");
        var model = await client.GetStringAsync("/model");
        var healthy = await client.GetStringAsync("/health");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable), (unhealthy.StatusCode, noModel.StatusCode));
        foreach (var body in new[] { await unhealthy.Content.ReadAsStringAsync(), await noModel.Content.ReadAsStringAsync(), model, healthy })
        {
            Assert.Contains("model.zip", body, StringComparison.Ordinal);
            Assert.DoesNotContain(folder, body, StringComparison.Ordinal);
            Assert.DoesNotContain(scorer.Root, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task InDevelopmentModelShowsTheFullPath()
    {
        using var scorer = new ScorerFactory();
        scorer.ReplaceModel(models.First.Bytes);

        var model = await scorer.CreateClient().GetStringAsync("/model");

        Assert.Contains(System.Text.Json.JsonEncodedText.Encode(scorer.ModelPath).ToString(), model, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Scorer:MaxBodyBytes", "-1")]
    [InlineData("Scorer:MaxBodyBytes", "0")]
    [InlineData("RequestLimits:MaxBodyBytes", "-1")]
    [InlineData("RequestLimits:MaxHeadersTotalBytes", "-5")]
    public void ALimitThatCannotWorkStopsTheScorerNamingTheSetting(string key, string value)
    {
        using var scorer = new ScorerFactory(settings: new Dictionary<string, string?> { [key] = value });

        var failure = Assert.ThrowsAny<OptionsValidationException>(() => scorer.CreateClient());

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }
}

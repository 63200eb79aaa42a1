using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;
using DaprPredictor.Testing;

namespace DaprPredictor.FeatureExtractor.Tests;

public class PredictionsApiTests
{
    private static StringContent Json(PageViewEvent e) => new StringContent(PageViewJson.Serialize(e), System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task PredictAnswersThePredictionAndRemembersItAsTheLatest()
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(PurchaseFeatures.ColdStartDefaults);
        app.ScorerAnswers(0.33);
        var client = app.CreateClient();

        var response = await client.PostAsync("/predict", Json(CloudEvents.PageView()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var prediction = (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.Prediction))!;
        Assert.Equal(0.33, prediction.Probability);
        Assert.Equal(prediction, await client.GetFromJsonAsync("/users/u-1/prediction", ContractsJsonContext.Default.Prediction));
        Assert.Single(app.Dapr.PublishedTo(Topology.PredictionsTopic));
    }

    [Fact]
    public async Task PredictRejectsAnInvalidEventWithItsReasonAndDoesNotDeadLetterIt()
    {
        using var app = new FeatureExtractorFactory();

        var response = await app.CreateClient().PostAsync("/predict", Json(CloudEvents.PageView() with { Timestamp = "2026-03-01T13:00:00Z" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("timestamp-in-future", problem.RootElement.GetProperty("reason").GetString());
        Assert.Contains("ahead of the receiver's clock", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(app.Dapr.Published);
        Assert.Equal((1L, 0L), (app.Counts.RejectedRequests.GetValueOrDefault("timestamp-in-future"), app.Counts.DeadLetteredTotal));
    }

    [Fact]
    public async Task PredictAnswersServiceUnavailableWhenTheScorerIsDown()
    {
        using var app = new FeatureExtractorFactory();
        app.OfflineFeaturesAnswer(PurchaseFeatures.ColdStartDefaults);
        app.ScorerAnswers(0, status: 500);

        var response = await app.CreateClient().PostAsync("/predict", Json(CloudEvents.PageView()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("scorer answered 500", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserWithoutASessionHasNoPrediction()
    {
        using var app = new FeatureExtractorFactory();

        var response = await app.CreateClient().GetAsync("/users/nobody/prediction");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task WithAnAppApiTokenOnlyTheSidecarMayCallButProbesAndScrapingStayOpen()
    {
        using var app = new FeatureExtractorFactory { AppApiToken = "s3cret" };
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/users/u-1/prediction")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/events/page-views", CloudEvents.For(CloudEvents.PageView()))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/users/u-1/prediction");
        request.Headers.Add("dapr-api-token", "s3cret");
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(request)).StatusCode);
    }
}

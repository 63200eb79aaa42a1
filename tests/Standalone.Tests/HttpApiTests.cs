using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Embedded;

namespace DaprPredictor.Standalone.Tests;

[Collection(StandaloneCollection.Name)]
public class HttpApiTests(StandaloneModel model)
{
    private static string Event(string eventId, string? userId, TimeSpan ago, string page = "/product/p-00001", double? price = 25) =>
        PageViewJson.Serialize(new PageViewEvent(eventId, userId, "s-1", page, Rfc3339.Format(DateTimeOffset.UtcNow - ago), null, null, price));

    [Fact]
    public async Task EventsAreQueuedAsIfFromTheBrokerAndRejectedOnesAreExplained()
    {
        using var host = new StandaloneHost(model.Files.Model);
        var client = host.CreateClient();
        var body = $"[{Event("e-1", "u-1", TimeSpan.FromSeconds(30), "/")},{Event("e-2", "u-1", TimeSpan.FromSeconds(20))},{Event("e-3", null, TimeSpan.FromSeconds(10))},42,{Event("e-4", "u-1", TimeSpan.FromSeconds(5), "/cart", null)}]";

        var response = await client.PostAsync("/events", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.EventsAccepted))!;
        Assert.Equal((5, 3), (answer.Received, answer.Accepted));
        Assert.Equal([(2, "missing-user-id"), (3, "malformed-json")], answer.Rejected.Select(r => (r.Index, r.Reason)));

        await host.Get<EmbeddedBroker>().WhenIdleAsync(CancellationToken.None);
        var latest = (await client.GetFromJsonAsync("/users/u-1/prediction", ContractsJsonContext.Default.Prediction))!;
        Assert.Equal("e-4", latest.EventId);
        var c = host.Counts;
        Assert.Equal((5, 3, 2), (c.Received, c.Scored, c.DeadLetteredTotal));
    }

    [Fact]
    public async Task PredictAnswersAtOnceWithTheSameApiAsTheFeatureExtractor()
    {
        using var host = new StandaloneHost(model.Files.Model);

        var response = await host.CreateClient().PostAsync("/predict", new StringContent(Event("e-1", "u-9", TimeSpan.FromSeconds(1)), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var prediction = (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.Prediction))!;
        Assert.InRange(prediction.Probability, 0, 1);
        Assert.StartsWith("m-", prediction.ModelVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAModelTheHostIsAliveButNotReadyAndSaysWhy()
    {
        using var host = new StandaloneHost(Path.Combine(model.Directory, "missing.zip"));
        var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Contains("missing.zip", json.RootElement.GetProperty("checks").GetProperty("model").GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Events;
using DaprPredictor.Embedded;
using DaprPredictor.Pipeline.Monitoring;

namespace DaprPredictor.Standalone.Tests;

/// <summary><c>POST /events</c> takes the shop's purchases too: they label sessions for live grading and are not page views.</summary>
[Collection(StandaloneCollection.Name)]
public class PurchaseEventsTests(StandaloneModel model)
{
    [Fact]
    public async Task PurchasesPostedWithTheEventsLabelTheSessionsTheyFollowAndUnreadableOnesAreExplained()
    {
        using var host = new StandaloneHost(model.Files.Model);
        var client = host.CreateClient();
        var viewed = Rfc3339.Format(DateTimeOffset.UtcNow - TimeSpan.FromSeconds(30));
        var bought = Rfc3339.Format(DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1));
        var body = $$"""
            [{"eventId":"e-1","userId":"u-7","sessionId":"s-1","page":"/cart","timestamp":"{{viewed}}"},
             {"purchaseId":9,"userId":"u-7","amount":19.99,"purchasedAt":"{{bought}}"},
             {"purchaseId":10,"userId":"u-7","amount":-1,"purchasedAt":"{{bought}}"}]
            """;

        var response = await client.PostAsync("/events", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.EventsAccepted))!;
        Assert.Equal((3, 2), (answer.Received, answer.Accepted));
        var rejected = Assert.Single(answer.Rejected);
        Assert.Equal((2, "invalid-purchase"), (rejected.Index, rejected.Reason));
        Assert.Contains("amount", rejected.Detail, StringComparison.Ordinal);

        await host.Get<EmbeddedBroker>().WhenIdleAsync(CancellationToken.None);
        var grading = host.Get<LiveGrading>();
        Assert.Equal((1, 1), (grading.Graded, grading.GradedPositive));
        Assert.Equal((1, 1, 0), (host.Counts.Received, host.Counts.Scored, host.Counts.DeadLetteredTotal));
    }
}

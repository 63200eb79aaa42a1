using System.Text.Json;
using DaprPredictor.FakeDaprd.PubSub;
using Microsoft.AspNetCore.Http;

namespace DaprPredictor.FakeDaprd.Tests.Delivery;

/// <summary>
/// A message's fate by the app's answer, as daprd decides it (dapr/dapr pkg/runtime/subscription/subscription.go,
/// postman/http/http.go; the same in Dapr 1.14–1.18), through a Dapr.AspNetCore app.
/// </summary>
public sealed class DeliveryTests
{
    [Fact]
    public async Task TheSubscriptionsAreWhatDaprAspNetCoresSubscribeHandlerAnswers()
    {
        await using var rig = await DeliveryRig.StartAsync();

        var orders = Assert.Single(rig.Subscriptions, s => s.Topic == SubscriberApp.Orders);
        var batch = Assert.Single(rig.Subscriptions, s => s.Topic == SubscriberApp.Batch);

        Assert.Equal((SubscriberApp.PubSub, "/orders", SubscriberApp.DeadLetters, null), (orders.PubSubName, "/" + orders.Route.TrimStart('/'), orders.DeadLetterTopic, orders.BulkSubscribe));
        Assert.Equal(new BulkSubscribeOptions(4, 1000), batch.BulkSubscribe);
        Assert.Null(Assert.Single(rig.Subscriptions, s => s.Topic == SubscriberApp.Plain).DeadLetterTopic);
        Assert.Equal(1, rig.Daprd.Calls["ListSubscriptions"]);
    }

    public static TheoryData<string> Acknowledgements => new()
    {
        """{"status":"SUCCESS"}""",
        """{"status":""}""",
        "",
        """["not","an","object"]""",
        """{"status":42}""",
    };

    [Theory]
    [MemberData(nameof(Acknowledgements))]
    public async Task A2xxWithSuccessAnEmptyStatusOrABodyThatIsNotAnAnswerAcknowledgesAfterOneDelivery(string body)
    {
        await using var rig = await DeliveryRig.StartAsync();
        rig.App.Answer = (_, _) => Results.Text(body, "application/json");

        await rig.PublishAsync(new Order("o-1", "c-1", 1));
        await rig.SettledAsync();

        Assert.Single(rig.App.On(SubscriberApp.Orders));
        Assert.Equal((1L, 1L, 0L, 0L), Fates(rig.Stats(SubscriberApp.Orders)));
    }

    [Theory]
    [InlineData("RETRY")]
    [InlineData("LATER")]
    [InlineData("500")]
    [InlineData("503")]
    [InlineData("429")]
    public async Task RetryAnUnknownStatusOrANon2xxOtherThan404IsDeliveredAgainUntilTheAppAcknowledges(string refusal)
    {
        await using var rig = await DeliveryRig.StartAsync(DeliveryRetryPolicy.Constant(TimeSpan.FromMilliseconds(10), 5));
        rig.App.Answer = (_, attempt) => attempt <= 2 ? Refuse(refusal) : Results.Ok(new { status = "SUCCESS" });

        await rig.PublishAsync(new Order("o-1", "c-1", 1));
        await rig.SettledAsync();

        Assert.Equal(3, rig.App.On(SubscriberApp.Orders).Count());
        var stats = rig.Stats(SubscriberApp.Orders);
        Assert.Equal((1L, 3L, 1L, 2L), (stats.Received, stats.Deliveries, stats.Succeeded, stats.Retries));
        Assert.Empty(rig.App.On(SubscriberApp.DeadLetters));
    }

    [Fact]
    public async Task WhenTheRetriesAreSpentTheMessageGoesToTheDeadLetterTopicAsItWasPublished()
    {
        await using var rig = await DeliveryRig.StartAsync(DeliveryRetryPolicy.Constant(TimeSpan.FromMilliseconds(10), 2));
        rig.App.Answer = (_, _) => Results.Ok(new { status = "RETRY" });

        await rig.PublishAsync(new Order("o-1", "c-1", 1));
        await rig.UntilAsync(() => rig.App.On(SubscriberApp.DeadLetters).Any(), "the dead letter");
        await rig.SettledAsync();

        var original = rig.App.On(SubscriberApp.Orders).ToList();
        Assert.Equal(3, original.Count); // the delivery and its 2 retries
        var dead = Assert.Single(rig.App.On(SubscriberApp.DeadLetters));
        Assert.Equal(original[0].Envelope, dead.Envelope);
        Assert.Equal(SubscriberApp.Orders, dead.CloudEvent.GetProperty("topic").GetString());
        Assert.Equal((1L, 0L, 0L, 1L), Fates(rig.Stats(SubscriberApp.Orders)));
    }

    [Theory]
    [InlineData("DROP")]
    [InlineData("404")]
    public async Task DropAndNotFoundDropTheMessageAtOnceToTheDeadLetterTopic(string refusal)
    {
        await using var rig = await DeliveryRig.StartAsync(DeliveryRetryPolicy.Constant(TimeSpan.FromMilliseconds(10), 5));
        rig.App.Answer = (_, _) => Refuse(refusal);

        await rig.PublishAsync(new Order("o-1", "c-1", 1));
        await rig.UntilAsync(() => rig.App.On(SubscriberApp.DeadLetters).Any(), "the dead letter");
        await rig.SettledAsync();

        Assert.Single(rig.App.On(SubscriberApp.Orders));
        Assert.Equal("o-1", Assert.Single(rig.App.On(SubscriberApp.DeadLetters)).CloudEvent.GetProperty("data").GetProperty("id").GetString());
        Assert.Equal((1L, 0L, 0L, 1L), Fates(rig.Stats(SubscriberApp.Orders)));
    }

    [Fact]
    public async Task WithoutADeadLetterTopicADropIsGoneAndSpentRetriesHandTheMessageBackToTheComponentWhichDeliversItAgain()
    {
        await using var rig = await DeliveryRig.StartAsync(DeliveryRetryPolicy.Constant(TimeSpan.FromMilliseconds(10), 1));
        rig.App.Answer = (order, attempt) => order.Id == "dropped" ? Refuse("DROP") : attempt <= 2 ? Refuse("RETRY") : Results.Ok();

        await rig.PublishAsync(new Order("dropped", "c-1", 1), SubscriberApp.Plain);
        await rig.PublishAsync(new Order("kept", "c-2", 1), SubscriberApp.Plain);
        await rig.SettledAsync();

        var stats = rig.Stats(SubscriberApp.Plain);
        Assert.Single(rig.App.On(SubscriberApp.Plain), d => d.Data.GetProperty("id").GetString() == "dropped");
        Assert.Equal(3, rig.App.On(SubscriberApp.Plain).Count(d => d.Data.GetProperty("id").GetString() == "kept"));
        // "kept": delivered, retried once (the policy), handed back, delivered again by the component and acknowledged.
        Assert.Equal((3L, 1L, 1L, 1L, 1L, 0L), (stats.Received, stats.Succeeded, stats.Dropped, stats.HandedBack, stats.ComponentRetries, stats.DeadLettered));
        Assert.Empty(rig.App.On(SubscriberApp.DeadLetters));
    }

    [Fact]
    public async Task ADeadLetterTopicThatCannotBePublishedToHandsTheMessageBack()
    {
        await using var rig = await DeliveryRig.StartAsync(DeliveryRetryPolicy.Constant(TimeSpan.FromMilliseconds(10), 1));
        var brokerDown = true;
        rig.Daprd.Fail = operation => brokerDown && operation == "publish:" + SubscriberApp.DeadLetters ? DaprdFailures.Unavailable : null;
        rig.App.Answer = (_, attempt) =>
        {
            if (attempt == 3) brokerDown = false; // the component's redelivery: its forward works
            return Refuse("DROP");
        };

        await rig.PublishAsync(new Order("o-1", "c-1", 1));
        await rig.UntilAsync(() => rig.App.On(SubscriberApp.DeadLetters).Any(), "the dead letter");
        await rig.SettledAsync();

        // Drop, forward fails, retried (policy); drop, forward fails; handed back; the component's redelivery is forwarded.
        var stats = rig.Stats(SubscriberApp.Orders);
        Assert.Equal((3L, 1L, 1L, 1L), (stats.Deliveries, stats.HandedBack, stats.ComponentRetries, stats.DeadLettered));
    }

    private static (long Received, long Succeeded, long Dropped, long DeadLettered) Fates(SubscriptionStats stats) =>
        (stats.Received, stats.Succeeded, stats.Dropped, stats.DeadLettered);

    private static IResult Refuse(string how) => int.TryParse(how, out var status)
        ? Results.StatusCode(status)
        : Results.Ok(new { status = how });

    internal static string? Id(JsonElement data) => data.GetProperty("id").GetString();
}

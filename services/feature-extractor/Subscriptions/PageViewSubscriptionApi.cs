using Dapr;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DaprPredictor.FeatureExtractor.Subscriptions;

/// <summary>
/// The <c>page-views</c> subscription. Its answer decides the message's fate under Dapr's contract:
/// scored or duplicate → SUCCESS; invalid → DROP, after our own dead letter (with the reason) is published;
/// any transient failure → RETRY, so the broker redelivers and nothing is lost. Never an HTTP error to Dapr, which
/// would redeliver it: a delivery whose envelope or body cannot be read is invalid too (<see cref="CloudEventReader"/>).
/// </summary>
public static class PageViewSubscriptionApi
{
    public const string Route = "/events/page-views";

    /// <summary>
    /// The route, subscribed to <c>page-views</c> unless bulk subscribe is on (<see cref="PageViewBulkOptions.Enabled"/>):
    /// then the bulk route subscribes instead, and this route stays for deliveries of one event.
    /// </summary>
    public static IEndpointRouteBuilder MapPageViewSubscription(this IEndpointRouteBuilder app)
    {
        var cleaning = app.ServiceProvider.GetRequiredService<IOptions<CleaningOptions>>().Value;
        var route = app.MapPost(Route, HandleAsync)
            .WithRequestBodyLimit(CloudEventReader.EnvelopeLimit(cleaning.MaxEventBytes));
        if (app.ServiceProvider.GetRequiredService<IOptions<PageViewBulkOptions>>().Value.Enabled)
        {
            app.MapPageViewBulkSubscription();
            return app;
        }

        route.WithTopic(Topic());
        return app;
    }

    /// <summary>The <c>page-views</c> subscription, with the dead-letter topic daprd forwards dropped and exhausted messages to.</summary>
    internal static TopicOptions Topic() => new()
    {
        PubsubName = Topology.PubSubComponent,
        Name = Topology.PageViewsTopic,
        DeadLetterTopic = Topology.DeadLetterTopic,
    };

    private static async Task<Ok<TopicResponse>> HandleAsync(
        HttpRequest request, PageViewProcessor processor, IOptions<CleaningOptions> cleaning, CancellationToken cancellationToken)
    {
        try
        {
            var delivery = await CloudEventReader.ReadAsync(request, cleaning.Value.MaxEventBytes, cancellationToken);
            var result = delivery.Problem is { } problem
                ? await processor.RejectPayloadAsync(problem, delivery.Received!, Delivery.Message, cancellationToken)
                : await processor.ProcessAsync(delivery.Data, Delivery.Message, cancellationToken);
            return TypedResults.Ok(result.Fate == EventFate.Rejected ? TopicResponse.Drop : TopicResponse.Success);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Already counted and logged by the processor. Redelivery is safe: nothing was saved.
            return TypedResults.Ok(TopicResponse.Retry);
        }
    }
}

using Dapr;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Pipeline.Http;
using DaprPredictor.Pipeline.Predictions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DaprPredictor.FeatureExtractor.Subscriptions;

/// <summary>
/// The <c>page-views</c> subscription. Its answer decides the message's fate under Dapr's contract:
/// scored or duplicate → SUCCESS; invalid → DROP, after our own dead letter (with the reason) is published;
/// any transient failure → RETRY, so the broker redelivers and nothing is lost. Never an exception to Dapr.
/// </summary>
public static class PageViewSubscriptionApi
{
    public const string Route = "/events/page-views";

    public static IEndpointRouteBuilder MapPageViewSubscription(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, HandleAsync).WithTopic(new TopicOptions
        {
            PubsubName = Topology.PubSubComponent,
            Name = Topology.PageViewsTopic,
            DeadLetterTopic = Topology.DeadLetterTopic,
        });
        return app;
    }

    private static async Task<Ok<TopicResponse>> HandleAsync(HttpRequest request, PageViewProcessor processor, CancellationToken cancellationToken)
    {
        try
        {
            var body = await RequestBody.ReadAsync(request, PredictionsApi.MaxEventBytes, cancellationToken);
            var result = body is null
                ? await processor.RejectPayloadAsync(
                    new Rejection(RejectReason.PayloadTooLarge, $"the message is larger than {PredictionsApi.MaxEventBytes} bytes; a page view is not."),
                    $"<{RequestBody.Length(request)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} bytes, not kept>",
                    Delivery.Message,
                    cancellationToken)
                : await processor.ProcessAsync(body, Delivery.Message, cancellationToken);
            return TypedResults.Ok(result.Fate == EventFate.Rejected ? TopicResponse.Drop : TopicResponse.Success);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Already counted and logged by the processor. Redelivery is safe: nothing was saved.
            return TypedResults.Ok(TopicResponse.Retry);
        }
    }
}

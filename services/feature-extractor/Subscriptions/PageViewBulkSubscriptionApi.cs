using Dapr.AspNetCore;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DaprPredictor.FeatureExtractor.Subscriptions;

/// <summary>
/// The <c>page-views</c> subscription with bulk subscribe (<see cref="PageViewBulkOptions"/>): daprd POSTs up to
/// <c>MaxMessagesCount</c> messages at once and the answer gives each entry its own fate, as the single route gives one
/// message its fate: scored or duplicate → SUCCESS; invalid → DROP after our own dead letter with the reason; a
/// transient failure → RETRY for the entries it concerns only, which daprd redelivers alone. An entry whose event
/// cannot be read is invalid like any other. An envelope with no entry to answer (not JSON, no entries, too large:
/// daprd never sends one, BulkDeliveryReader) is answered 4xx with a ProblemDetails: daprd retries every entry of it
/// under the inbound resiliency policy, then forwards each to the dead-letter topic.
/// </summary>
public static class PageViewBulkSubscriptionApi
{
    public const string Route = "/events/page-views/bulk";

    public static IEndpointRouteBuilder MapPageViewBulkSubscription(this IEndpointRouteBuilder app)
    {
        var cleaning = app.ServiceProvider.GetRequiredService<IOptions<CleaningOptions>>().Value;
        var bulk = app.ServiceProvider.GetRequiredService<IOptions<PageViewBulkOptions>>().Value;
        app.MapPost(Route, HandleAsync)
            .WithRequestBodyLimit(BulkDeliveryReader.BodyLimit(bulk.MaxMessagesCount, cleaning.MaxEventBytes))
            .WithTopic(PageViewSubscriptionApi.Topic())
            .WithBulkSubscribe(new BulkSubscribeTopicOptions
            {
                TopicName = Topology.PageViewsTopic,
                MaxMessagesCount = bulk.MaxMessagesCount,
                MaxAwaitDurationMs = bulk.MaxAwaitDurationMs,
            });
        return app;
    }

    private static async Task<Results<Ok<BulkTopicResponse>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, PageViewProcessor processor, IOptions<CleaningOptions> cleaning, IOptions<PageViewBulkOptions> bulk, CancellationToken cancellationToken)
    {
        if (JsonRequest.ContentTypeProblem(request) is { } unsupported) return unsupported;
        var maxBytes = BulkDeliveryReader.BodyLimit(bulk.Value.MaxMessagesCount, cleaning.Value.MaxEventBytes);
        var body = await JsonRequest.ReadBodyAsync(request, (int)Math.Min(maxBytes, Array.MaxLength), cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The bulk delivery is too large",
                detail: $"A bulk delivery of at most {bulk.Value.MaxMessagesCount} page views is at most {maxBytes} bytes.");
        }

        var delivery = BulkDeliveryReader.Read(body, bulk.Value.MaxMessagesCount, cleaning.Value.MaxEventBytes);
        if (delivery.Problem is { } problem)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The bulk delivery cannot be read", detail: problem);
        }

        var fates = await processor.ProcessBatchAsync([.. delivery.Entries.Select(e => e.Content)], cancellationToken);
        return TypedResults.Ok(new BulkTopicResponse([.. delivery.Entries.Select((e, i) => new BulkTopicResponseEntry(e.EntryId, Status(fates[i])))]));
    }

    private static string Status(BatchFate fate) => fate switch
    {
        BatchFate.Scored or BatchFate.Duplicate => TopicResponse.Success.Status,
        BatchFate.Rejected => TopicResponse.Drop.Status,
        _ => TopicResponse.Retry.Status,
    };
}

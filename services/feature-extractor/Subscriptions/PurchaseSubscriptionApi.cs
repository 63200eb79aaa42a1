using Dapr;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Pipeline.Monitoring;
using DaprPredictor.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DaprPredictor.FeatureExtractor.Subscriptions;

/// <summary>
/// The <c>purchases</c> subscription: the shop's orders, which close the loop by labelling the sessions whose
/// predictions live grading waits on. A purchase that cannot be read (nor its envelope) is dropped, counted and
/// logged: it only grades, the offline store stays the history's source, so there is nothing to redeliver it for.
/// </summary>
public static partial class PurchaseSubscriptionApi
{
    public const string Route = "/events/purchases";

    public static IEndpointRouteBuilder MapPurchaseSubscription(this IEndpointRouteBuilder app)
    {
        var cleaning = app.ServiceProvider.GetRequiredService<IOptions<CleaningOptions>>().Value;
        app.MapPost(Route, HandleAsync)
            .WithRequestBodyLimit(CloudEventReader.EnvelopeLimit(cleaning.MaxEventBytes))
            .WithTopic(new TopicOptions { PubsubName = Topology.PubSubComponent, Name = Topology.PurchasesTopic });
        return app;
    }

    private static async Task<Ok<TopicResponse>> HandleAsync(
        HttpRequest request, LiveGrading grading, IOptions<CleaningOptions> cleaning, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var delivery = await CloudEventReader.ReadAsync(request, cleaning.Value.MaxEventBytes, cancellationToken);
        var problem = delivery.Problem?.Detail;
        if (problem is null && PurchaseMessage.TryRead(delivery.Data, cleaning.Value, out var purchase, out problem))
        {
            grading.Purchased(purchase!);
            return TypedResults.Ok(TopicResponse.Success);
        }

        grading.PurchaseRejected();
        LogRejected(loggers.CreateLogger(typeof(PurchaseSubscriptionApi)), problem!);
        return TypedResults.Ok(TopicResponse.Drop);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purchase message dropped: {Problem}")]
    private static partial void LogRejected(ILogger logger, string problem);
}

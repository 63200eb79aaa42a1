using System.Globalization;
using System.Text;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;
using DaprPredictor.Embedded;
using DaprPredictor.Pipeline.Monitoring;
using DaprPredictor.Pipeline.Predictions;
using DaprPredictor.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DaprPredictor.Standalone.Events;

/// <summary><c>POST /events</c>: page views queued as if from the broker, and the shop's purchases, which label sessions for live grading.</summary>
public static class EventsApi
{
    /// <summary>The reason given for an element that looks like a purchase but cannot be read as one.</summary>
    public const string InvalidPurchase = "invalid-purchase";

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<IOptions<EventsOptions>>().Value;
        app.MapPost("/events", AcceptAsync)
            .Accepts<PageViewEvent[]>("application/json")
            .WithRequestBodyLimit(limits.MaxBodyBytes)
            .WithSummary("Queues one page view or purchase, or a JSON array of them; answers how many were accepted and why the others were not.");
        return app;
    }

    /// <summary>
    /// The body's size and its number of elements are checked while it is read; a body that is not one JSON value is
    /// refused whole (where one element ends, and so where the next begins, cannot be told). Then each element gets its
    /// own fate: a rejected one is dead-lettered (and counted) at once and reported with its reason; the others are
    /// queued on their user's partition, waiting while it is full. An element with a <c>purchaseId</c> or
    /// <c>purchasedAt</c> is a purchase (<see cref="PurchaseMessage"/>): it goes to live grading at once.
    /// </summary>
    private static async Task<Results<Accepted<EventsAccepted>, ProblemHttpResult>> AcceptAsync(
        HttpRequest request, EmbeddedBroker broker, PageViewProcessor processor, LiveGrading grading, TimeProvider clock,
        IOptions<CleaningOptions> cleaning, IOptions<EventsOptions> options, CancellationToken cancellationToken)
    {
        if (JsonRequest.ContentTypeProblem(request) is { } unsupported) return unsupported;
        var limits = options.Value;
        var batch = await EventBatchReader.ReadAsync(request.Body, request.ContentLength, limits.MaxBodyBytes, limits.MaxEvents, cancellationToken);
        switch (batch.Status)
        {
            case EventBatchStatus.TooLarge:
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large",
                    detail: string.Create(CultureInfo.InvariantCulture, $"Send at most {limits.MaxBodyBytes} bytes per request."));
            case EventBatchStatus.TooManyEvents:
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large",
                    detail: string.Create(CultureInfo.InvariantCulture, $"Send at most {limits.MaxEvents} events per request; this one has more."));
            case EventBatchStatus.NotJson:
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Body is not JSON", detail: batch.Problem);
        }

        var rejected = new List<EventRejection>();
        for (var i = 0; i < batch.Elements.Count; i++)
        {
            var element = batch.Body.AsMemory(batch.Elements[i]);
            if (await AcceptElementAsync(element, broker, processor, grading, clock, cleaning.Value, cancellationToken) is { } rejection)
            {
                rejected.Add(rejection with { Index = i });
            }
        }

        return TypedResults.Accepted((string?)null, new EventsAccepted(batch.Elements.Count, batch.Elements.Count - rejected.Count, rejected));
    }

    /// <returns>Null when the element was queued or graded, else why not (its index is the caller's).</returns>
    private static async Task<EventRejection?> AcceptElementAsync(
        ReadOnlyMemory<byte> element, EmbeddedBroker broker, PageViewProcessor processor, LiveGrading grading, TimeProvider clock, CleaningOptions cleaning, CancellationToken cancellationToken)
    {
        if (element.Length > cleaning.MaxEventBytes)
        {
            var tooLarge = new Rejection(RejectReason.PayloadTooLarge, string.Create(CultureInfo.InvariantCulture,
                $"the event has {element.Length} bytes; a page view has at most {cleaning.MaxEventBytes}."));
            await processor.RejectPayloadAsync(tooLarge, string.Create(CultureInfo.InvariantCulture, $"<{element.Length} bytes, not kept>"), Delivery.Message, cancellationToken);
            return new EventRejection(0, null, tooLarge.Code, tooLarge.Detail);
        }

        if (PurchaseMessage.IsPurchase(element.Span))
        {
            if (PurchaseMessage.TryRead(element, cleaning, out var purchase, out var problem))
            {
                grading.Purchased(purchase!);
                return null;
            }

            grading.PurchaseRejected();
            return new EventRejection(0, null, InvalidPurchase, problem!);
        }

        var parsed = PageViewJson.TryParse(element.Span, out var raw, out var parseError);
        var cleaned = parsed ? PageViewCleaner.Clean(raw!, clock.GetUtcNow(), cleaning) : default;
        if ((parsed ? cleaned.Rejection : parseError) is { } rejection)
        {
            await processor.RejectPayloadAsync(rejection, Encoding.UTF8.GetString(element.Span), Delivery.Message, cancellationToken);
            return new EventRejection(0, raw?.EventId, rejection.Code, rejection.Detail);
        }

        var clean = cleaned.Event!.Value;
        await broker.EnqueueAsync(new PageViewMessage(ReadOnlyMemory<byte>.Empty, raw, clean.Timestamp, clean.UserId), cancellationToken);
        return null;
    }
}

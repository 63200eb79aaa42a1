using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;
using DaprPredictor.Embedded;
using DaprPredictor.Pipeline.Http;
using DaprPredictor.Pipeline.Monitoring;
using DaprPredictor.Pipeline.Predictions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DaprPredictor.Standalone.Events;

/// <summary><c>POST /events</c>: page views queued as if from the broker, and the shop's purchases, which label sessions for live grading.</summary>
public static class EventsApi
{
    public const int MaxEvents = 10_000;
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>The reason given for an element that looks like a purchase but cannot be read as one.</summary>
    public const string InvalidPurchase = "invalid-purchase";

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/events", AcceptAsync)
            .Accepts<PageViewEvent[]>("application/json")
            .WithSummary("Queues one page view or purchase, or a JSON array of them; answers how many were accepted and why the others were not.");
        return app;
    }

    /// <summary>
    /// Each event is checked now with the pipeline's own cleaning: a rejected one is dead-lettered (and counted) at once and
    /// reported with its reason; the others are queued on their user's partition, waiting while it is full. An element with a
    /// <c>purchaseId</c> or <c>purchasedAt</c> is a purchase (<see cref="PurchaseMessage"/>): it goes to live grading at once.
    /// </summary>
    private static async Task<Results<Accepted<EventsAccepted>, ProblemHttpResult>> AcceptAsync(
        HttpRequest request, EmbeddedBroker broker, PageViewProcessor processor, LiveGrading grading, TimeProvider clock, IOptions<CleaningOptions> cleaning, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null) return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large", detail: $"Send at most {MaxBodyBytes / (1024 * 1024)} MB per request.");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Body is not JSON", detail: ex.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            var elements = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToArray() : [root];
            if (elements.Length > MaxEvents)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Batch too large", detail: $"Send at most {MaxEvents} events per request, got {elements.Length}.");
            }

            var rejected = new List<EventRejection>();
            for (var i = 0; i < elements.Length; i++)
            {
                var element = elements[i];
                if (PurchaseMessage.IsPurchase(element))
                {
                    if (PurchaseMessage.TryRead(element, cleaning.Value, out var purchase, out var problem))
                    {
                        grading.Purchased(purchase!);
                        continue;
                    }

                    grading.PurchaseRejected();
                    rejected.Add(new EventRejection(i, null, InvalidPurchase, problem!));
                    continue;
                }

                var parsed = PageViewJson.TryParse(element, out var raw, out var parseError);
                var cleaned = parsed ? PageViewCleaner.Clean(raw!, clock.GetUtcNow(), cleaning.Value) : default;
                var rejection = parsed ? cleaned.Rejection : parseError;
                if (rejection is not null)
                {
                    await processor.RejectPayloadAsync(rejection, element.GetRawText(), Delivery.Message, cancellationToken);
                    rejected.Add(new EventRejection(i, raw?.EventId, rejection.Code, rejection.Detail));
                    continue;
                }

                var clean = cleaned.Event!;
                await broker.EnqueueAsync(new PageViewMessage(ReadOnlyMemory<byte>.Empty, raw, clean.Timestamp, clean.UserId), cancellationToken);
            }

            return TypedResults.Accepted((string?)null, new EventsAccepted(elements.Length, elements.Length - rejected.Count, rejected));
        }
    }
}

using DaprPredictor.Contracts;
using DaprPredictor.Pipeline.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DaprPredictor.Pipeline.Predictions;

/// <summary>The synchronous API: score one event now, and read a user's latest prediction.</summary>
public static class PredictionsApi
{
    /// <summary>A page view is small; anything bigger is not one.</summary>
    public const int MaxEventBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapPredictionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/predict", PredictAsync)
            .Accepts<Domain.Events.PageViewEvent>("application/json")
            .WithSummary("Scores one page view synchronously and answers its prediction.");
        app.MapGet("/users/{userId}/prediction", LatestAsync)
            .WithSummary("The latest prediction of a user while their session window lives.");
        return app;
    }

    /// <summary>
    /// The body is read raw, so malformed JSON is rejected with the same reason codes as a broker message. An invalid
    /// event is answered (400) rather than dead-lettered: the caller is there to be told.
    /// </summary>
    private static async Task<Results<Ok<Prediction>, ProblemHttpResult>> PredictAsync(HttpRequest request, PageViewProcessor processor, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, MaxEventBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Event too large", detail: $"A page view is at most {MaxEventBytes} bytes.");
        }

        ProcessingResult result;
        try
        {
            result = await processor.ProcessAsync(body, Delivery.Request, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Prediction temporarily unavailable",
                detail: $"A dependency failed ({ex.GetType().Name}: {ex.Message}); the event was not recorded, so sending it again is safe.");
        }

        return result switch
        {
            { Fate: EventFate.Scored or EventFate.Duplicate, Prediction: { } prediction } => TypedResults.Ok(prediction),
            { Fate: EventFate.Duplicate } => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Event already processed",
                detail: "This event id was processed before and its prediction is no longer the user's latest."),
            { Rejection: { } rejection } => TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Event rejected",
                detail: rejection.Detail,
                extensions: new Dictionary<string, object?> { ["reason"] = rejection.Code }),
            _ => throw new InvalidOperationException($"Unexpected processing result {result}."),
        };
    }

    private static async Task<Results<Ok<Prediction>, ProblemHttpResult>> LatestAsync(string userId, PageViewProcessor processor, CancellationToken cancellationToken) =>
        await processor.LatestAsync(userId, cancellationToken) is { } prediction
            ? TypedResults.Ok(prediction)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No prediction", detail: $"User '{userId}' has no live session window, so no latest prediction.");
}

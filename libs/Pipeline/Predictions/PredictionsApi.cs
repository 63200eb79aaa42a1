using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DaprPredictor.Pipeline.Predictions;

/// <summary>The synchronous API: score one event now, and read a user's latest prediction.</summary>
public static class PredictionsApi
{
    public static IEndpointRouteBuilder MapPredictionsApi(this IEndpointRouteBuilder app)
    {
        var cleaning = app.ServiceProvider.GetRequiredService<IOptions<CleaningOptions>>().Value;
        app.MapPost("/predict", PredictAsync)
            .Accepts<Domain.Events.PageViewEvent>("application/json")
            .WithRequestBodyLimit(cleaning.MaxEventBytes)
            .WithSummary("Scores one page view synchronously and answers its prediction.");
        app.MapGet("/users/{userId}/prediction", LatestAsync)
            .WithSummary("The latest prediction of a user while their session window lives.");
        return app;
    }

    /// <summary>
    /// The body is read raw, so malformed JSON is rejected with the same reason codes as a broker message. An invalid
    /// event is answered (400) rather than dead-lettered: the caller is there to be told.
    /// </summary>
    private static async Task<Results<Ok<Prediction>, ProblemHttpResult>> PredictAsync(
        HttpContext context, PageViewProcessor processor, IOptions<CleaningOptions> cleaning, CancellationToken cancellationToken)
    {
        if (JsonRequest.ContentTypeProblem(context.Request) is { } unsupported) return unsupported;
        var maxBytes = cleaning.Value.MaxEventBytes;
        var body = await JsonRequest.ReadBodyAsync(context.Request, maxBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Event too large", detail: $"A page view is at most {maxBytes} bytes.");
        }

        ProcessingResult result;
        try
        {
            result = await processor.ProcessAsync(body, Delivery.Request, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Unavailable(context, ex, "the event was not recorded, so sending it again is safe.");
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

    /// <summary>The user id follows the events' rules, so an id no event could carry is refused, not looked up.</summary>
    private static async Task<Results<Ok<Prediction>, ProblemHttpResult>> LatestAsync(
        string userId, HttpContext context, PageViewProcessor processor, IOptions<CleaningOptions> cleaning, CancellationToken cancellationToken)
    {
        if (PageViewCleaner.CheckUserId(userId, cleaning.Value) is { } invalid)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid userId",
                detail: invalid.Detail,
                extensions: new Dictionary<string, object?> { ["reason"] = invalid.Code });
        }

        Prediction? prediction;
        try
        {
            prediction = await processor.LatestAsync(userId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Unavailable(context, ex, "try again later.");
        }

        return prediction is not null
            ? TypedResults.Ok(prediction)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No prediction", detail: $"User '{userId}' has no live session window, so no latest prediction.");
    }

    /// <summary>A dependency (the state store, offline features, the scorer) failed: transient, so 503. Its error text only in Development.</summary>
    private static ProblemHttpResult Unavailable(HttpContext context, Exception failure, string advice) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Prediction temporarily unavailable",
            detail: PublicText.ShowsDetail(context)
                ? $"A dependency failed ({failure.GetType().Name}: {failure.Message}); {advice}"
                : $"A dependency failed; {advice}");
}

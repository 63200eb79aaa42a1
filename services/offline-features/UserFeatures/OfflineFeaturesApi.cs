using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.OfflineFeatures.OfflineStore;
using DaprPredictor.Pipeline.Offline;
using DaprPredictor.Pipeline.Seams;
using DaprPredictor.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DaprPredictor.OfflineFeatures.UserFeatures;

/// <summary>
/// <c>GET /features?userId=…&amp;asOf=…</c>. The user id travels in the query string, never in the path: daprd forwards
/// the query string of an invocation unchanged, but rewrites the method path (from Dapr 1.18 it decodes it into the app
/// URL, so <c>%2F</c>, <c>%3F</c>, <c>%23</c>, <c>%25</c> in an id change the route; earlier versions keep some escapes and
/// decode others; <c>..</c> collapses a segment already in the caller's HTTP stack). docs/offline-features.md.
/// </summary>
public static class OfflineFeaturesApi
{
    public const string FeaturesRoute = "/features";

    public const string BatchRoute = "/features/batch";

    public static IEndpointRouteBuilder MapOfflineFeaturesApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<OfflineFeaturesOptions>>().Value;
        app.MapGet(FeaturesRoute, GetFeaturesAsync)
            .WithName("GetUserOfflineFeatures")
            .WithSummary("A user's offline (purchase history) features as of a point in time, default now.");
        app.MapPost(BatchRoute, GetBatchAsync)
            .Accepts<OfflineFeaturesBatchRequest>("application/json")
            .WithRequestBodyLimit(options.BatchBodyBytes)
            .WithName("GetUserOfflineFeaturesBatch")
            .WithSummary("The offline features of several (userId, asOf) pairs, in order: one cache read and one store query for the misses.");
        return app;
    }

    /// <remarks>
    /// Store failures are 5xx ProblemDetails, never cold-start features: the caller must know the features are missing
    /// (it falls back to cold-start defaults and marks its prediction degraded). 503 when the binding call failed
    /// (sidecar, component or database unreachable: transient, a retry may succeed); 502 when the binding answered with
    /// something the query does not return (a configuration or version mismatch: retrying the same call will not help).
    /// The error below (gRPC status, socket error) is in the log, and in the answer only in Development.
    /// </remarks>
    public static async Task<Results<Ok<UserOfflineFeatures>, ValidationProblem, ProblemHttpResult>> GetFeaturesAsync(
        HttpRequest request,
        IOfflineFeaturesSource features,
        TimeProvider clock,
        IOptions<CleaningOptions> cleaning,
        CancellationToken cancellationToken)
    {
        // Read from the query directly: a bound parameter that is missing would be the framework's bare 400, not ours.
        var (userId, asOf) = (request.Query["userId"], request.Query["asOf"]);
        if (FeatureRequest.CheckSingle(userId, "userId") is { } repeatedUserId) return Invalid("userId", repeatedUserId, FeatureRequest.RepeatedParameterReason);
        if (FeatureRequest.CheckSingle(asOf, "asOf") is { } repeatedAsOf) return Invalid("asOf", repeatedAsOf, FeatureRequest.RepeatedParameterReason);
        var user = userId.ToString();
        if (PageViewCleaner.CheckUserId(user, cleaning.Value) is { } userIdError) return Invalid("userId", userIdError);

        DateTimeOffset at;
        if (asOf.Count == 0) at = clock.GetUtcNow();
        else if (FeatureRequest.CheckAsOf(asOf.ToString(), out at) is { } asOfError) return Invalid("asOf", asOfError);

        try
        {
            return TypedResults.Ok(await features.GetAsync(user, at, cancellationToken));
        }
        catch (Exception ex) when (StoreProblem(request.HttpContext, ex) is { } problem)
        {
            return problem;
        }
    }

    /// <summary>
    /// <c>POST /features/batch</c>: <c>{"pairs":[{"userId":"…","asOf":"…"},…]}</c>, answered with one
    /// <see cref="UserOfflineFeatures"/> per pair, in order. Each pair is checked as the GET checks its query (a 400 names
    /// the first bad pair by its index); the body is read only up to its limit (413) and the pairs only up to theirs (400).
    /// A store failure fails the whole request with the GET's 503 or 502: the caller degrades those predictions.
    /// </summary>
    public static async Task<Results<Ok<OfflineFeaturesBatchResponse>, ValidationProblem, ProblemHttpResult>> GetBatchAsync(
        HttpRequest request,
        IOfflineFeaturesSource features,
        TimeProvider clock,
        IOptions<CleaningOptions> cleaning,
        IOptions<OfflineFeaturesOptions> options,
        CancellationToken cancellationToken)
    {
        if (JsonRequest.ContentTypeProblem(request) is { } unsupported) return unsupported;
        var (maxBytes, maxPairs) = (options.Value.BatchBodyBytes, options.Value.MaxBatchPairs);
        var body = await JsonRequest.ReadBodyAsync(request, maxBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large", detail: $"A batch of at most {maxPairs} pairs is at most {maxBytes} bytes; split it.");
        }

        if (FeaturesBatchReader.Read(body, maxPairs, cleaning.Value, clock.GetUtcNow(), out var invalid) is not { } pairs)
        {
            return Invalid(invalid!.Member, invalid.Detail, invalid.Reason);
        }

        try
        {
            return TypedResults.Ok(new OfflineFeaturesBatchResponse([.. await features.GetBatchAsync(pairs, cancellationToken)]));
        }
        catch (Exception ex) when (StoreProblem(request.HttpContext, ex) is { } problem)
        {
            return problem;
        }
    }

    /// <summary>The 503 or 502 of a store failure; null for any other exception, which is not ours to answer.</summary>
    private static ProblemHttpResult? StoreProblem(HttpContext context, Exception failure) => failure switch
    {
        OfflineStoreUnavailableException => StoreProblem(StatusCodes.Status503ServiceUnavailable, "The offline store could not be queried", Detail(context, failure, "the query through the binding failed")),
        OfflineStorePayloadException => StoreProblem(StatusCodes.Status502BadGateway, "The offline store answered something unexpected", Detail(context, failure, "the binding answered rows the summary query does not return")),
        _ => null,
    };

    private static string Detail(HttpContext context, Exception failure, string what) =>
        PublicText.ShowsDetail(context) ? failure.Message : $"{what} ('{Topology.PurchasesBindingComponent}'); the service's log has the error.";

    private static ValidationProblem Invalid(string parameter, Rejection rejection) => Invalid(parameter, rejection.Detail, rejection.Code);

    private static ValidationProblem Invalid(string parameter, string detail, string reason) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [parameter] = [detail] },
            detail: detail,
            title: $"Invalid {parameter}",
            extensions: new Dictionary<string, object?> { ["reason"] = reason });

    private static ProblemHttpResult StoreProblem(int status, string title, string detail) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: title,
            extensions: new Dictionary<string, object?> { ["binding"] = Topology.PurchasesBindingComponent });
}

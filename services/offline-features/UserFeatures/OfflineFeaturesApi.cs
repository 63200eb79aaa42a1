using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.OfflineFeatures.OfflineStore;
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

    public static IEndpointRouteBuilder MapOfflineFeaturesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(FeaturesRoute, GetFeaturesAsync)
            .WithName("GetUserOfflineFeatures")
            .WithSummary("A user's offline (purchase history) features as of a point in time, default now.");
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
        catch (OfflineStoreUnavailableException ex)
        {
            return StoreProblem(StatusCodes.Status503ServiceUnavailable, "The offline store could not be queried", Detail(request.HttpContext, ex, "the query through the binding failed"));
        }
        catch (OfflineStorePayloadException ex)
        {
            return StoreProblem(StatusCodes.Status502BadGateway, "The offline store answered something unexpected", Detail(request.HttpContext, ex, "the binding answered rows the summary query does not return"));
        }
    }

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

using DaprPredictor.Contracts;
using DaprPredictor.Domain.Cleaning;
using DaprPredictor.OfflineFeatures.OfflineStore;
using DaprPredictor.Pipeline.Seams;
using DaprPredictor.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DaprPredictor.OfflineFeatures.UserFeatures;

public static class OfflineFeaturesApi
{
    public const string FeaturesRoute = "/users/{userId}/features";

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
        string userId,
        string? asOf,
        IOfflineFeaturesSource features,
        TimeProvider clock,
        IOptions<CleaningOptions> cleaning,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        if (PageViewCleaner.CheckUserId(userId, cleaning.Value) is { } userIdError) return Invalid("userId", userIdError);

        DateTimeOffset at;
        if (asOf is null) at = clock.GetUtcNow();
        else if (FeatureRequest.CheckAsOf(asOf, out at) is { } asOfError) return Invalid("asOf", asOfError);

        try
        {
            return TypedResults.Ok(await features.GetAsync(userId, at, cancellationToken));
        }
        catch (OfflineStoreUnavailableException ex)
        {
            return StoreProblem(StatusCodes.Status503ServiceUnavailable, "The offline store could not be queried", Detail(context, ex, "the query through the binding failed"));
        }
        catch (OfflineStorePayloadException ex)
        {
            return StoreProblem(StatusCodes.Status502BadGateway, "The offline store answered something unexpected", Detail(context, ex, "the binding answered rows the summary query does not return"));
        }
    }

    private static string Detail(HttpContext context, Exception failure, string what) =>
        PublicText.ShowsDetail(context) ? failure.Message : $"{what} ('{Topology.PurchasesBindingComponent}'); the service's log has the error.";

    private static ValidationProblem Invalid(string parameter, Rejection rejection) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [parameter] = [rejection.Detail] },
            detail: rejection.Detail,
            title: $"Invalid {parameter}",
            extensions: new Dictionary<string, object?> { ["reason"] = rejection.Code });

    private static ProblemHttpResult StoreProblem(int status, string title, string detail) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: title,
            extensions: new Dictionary<string, object?> { ["binding"] = Topology.PurchasesBindingComponent });
}

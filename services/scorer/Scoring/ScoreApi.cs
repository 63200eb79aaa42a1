using DaprPredictor.Contracts;
using DaprPredictor.ModelServing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DaprPredictor.Scorer.Scoring;

/// <summary><c>POST /score</c> (one vector or a batch) and <c>GET /model</c> (what is served).</summary>
public static class ScoreApi
{
    public static IEndpointRouteBuilder MapScoreApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/score", Score).WithName("Score");
        endpoints.MapGet("/model", GetModel).WithName("GetModel");
        return endpoints;
    }

    private static Results<Ok<ScoreResponse>, ValidationProblem, ProblemHttpResult> Score([FromBody] ScoreRequest request, ModelHost host, FeatureDrift drift, IOptions<ScorerOptions> options)
    {
        if (ScoreRequestRules.Check(request, options.Value.MaxBatchSize) is { } problems)
        {
            return TypedResults.ValidationProblem(problems.Errors, problems.Detail, title: "The request cannot be scored");
        }

        // Read once: every vector of this request is scored by the same model, whatever a reload does meanwhile. The rules
        // above require the build's schema version, and ModelFile.Load refuses a model of any other, so they match.
        if (host.Current is not { } served) return NoModel(host.State);

        var predictor = served.Predictor;
        double[] probabilities;
        if (request.Features is { } features)
        {
            probabilities = [predictor.Predict(features)];
            drift.Observe(served, features);
        }
        else
        {
            var batch = request.Batch!;
            probabilities = new double[batch.Length];
            for (var i = 0; i < batch.Length; i++)
            {
                probabilities[i] = predictor.Predict(batch[i]);
                drift.Observe(served, batch[i]);
            }
        }

        return TypedResults.Ok(new ScoreResponse(served.Version, served.Card.FeatureSchemaVersion, probabilities));
    }

    private static Results<Ok<ModelStatus>, ProblemHttpResult> GetModel(ModelHost host) =>
        host.Current is { } served
            ? TypedResults.Ok(new ModelStatus(served.Version, served.Card.FeatureSchemaVersion, served.Path, served.LoadedAt, served.Card.Trainer))
            : NoModel(host.State);

    private static ProblemHttpResult NoModel(ModelHostState state) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "No model is loaded",
            detail: $"no model is loaded: {state.NotLoadedReason} The scorer picks the file up without a restart once it is valid.");
}

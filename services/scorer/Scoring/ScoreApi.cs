using System.Text.Json;
using DaprPredictor.Contracts;
using DaprPredictor.ModelServing;
using DaprPredictor.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DaprPredictor.Scorer.Scoring;

/// <summary><c>POST /score</c> (one vector or a batch) and <c>GET /model</c> (what is served).</summary>
public static class ScoreApi
{
    public static IEndpointRouteBuilder MapScoreApi(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<ScorerOptions>>().Value;
        endpoints.MapPost("/score", ScoreAsync)
            .Accepts<ScoreRequest>("application/json")
            .WithRequestBodyLimit(options.MaxBodyBytes)
            .WithName("Score");
        endpoints.MapGet("/model", GetModel).WithName("GetModel");
        return endpoints;
    }

    /// <summary>
    /// The body is read here rather than bound, so that every way it can be wrong is answered alike: the content type
    /// (415), the size (413, before it is read), then its bytes (UTF-8) and JSON (400 saying where it broke), and only
    /// then the rules.
    /// </summary>
    private static async Task<Results<Ok<ScoreResponse>, ValidationProblem, ProblemHttpResult>> ScoreAsync(
        HttpRequest request, ModelHost host, FeatureDrift drift, IOptions<ScorerOptions> options, CancellationToken cancellationToken)
    {
        if (JsonRequest.ContentTypeProblem(request) is { } unsupported) return unsupported;
        var maxBytes = options.Value.MaxBodyBytes;
        var body = await JsonRequest.ReadBodyAsync(request, maxBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large", detail: $"A score request is at most {maxBytes} bytes; split the batch.");
        }

        if (Read(body, out var problem) is not { } scoreRequest)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request body cannot be read", detail: problem);
        }

        return Score(scoreRequest, host, drift, options.Value, request.HttpContext);
    }

    private static ScoreRequest? Read(byte[] body, out string? problem)
    {
        problem = JsonErrors.Utf8Problem(body);
        if (problem is not null) return null;
        try
        {
            var request = JsonSerializer.Deserialize(body, ContractsJsonContext.Default.ScoreRequest);
            problem = request is null ? "the body is JSON null, not a score request." : null;
            return request;
        }
        catch (JsonException ex)
        {
            problem = JsonErrors.Describe(ex);
            return null;
        }
    }

    private static Results<Ok<ScoreResponse>, ValidationProblem, ProblemHttpResult> Score(ScoreRequest request, ModelHost host, FeatureDrift drift, ScorerOptions options, HttpContext context)
    {
        if (ScoreRequestRules.Check(request, options.MaxBatchSize) is { } problems)
        {
            return TypedResults.ValidationProblem(problems.Errors, problems.Detail, title: "The request cannot be scored");
        }

        // Read once: every vector of this request is scored by the same model, whatever a reload does meanwhile. The rules
        // above require the build's schema version, and ModelFile.Load refuses a model of any other, so they match.
        if (host.Current is not { } served) return NoModel(host.State, context);

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

    /// <summary>What is served; outside Development the model file is named, not the folder it lives in.</summary>
    private static Results<Ok<ModelStatus>, ProblemHttpResult> GetModel(ModelHost host, HttpContext context) =>
        host.Current is { } served
            ? TypedResults.Ok(new ModelStatus(served.Version, served.Card.FeatureSchemaVersion, PublicText.For(context, served.Path), served.LoadedAt, served.Card.Trainer))
            : NoModel(host.State, context);

    private static ProblemHttpResult NoModel(ModelHostState state, HttpContext context) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "No model is loaded",
            detail: $"no model is loaded: {PublicText.For(context, state.NotLoadedReason!)} The scorer picks the file up without a restart once it is valid.");
}

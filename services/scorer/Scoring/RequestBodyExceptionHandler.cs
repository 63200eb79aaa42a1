using System.Text.Json;
using DaprPredictor.Contracts;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace DaprPredictor.Scorer.Scoring;

/// <summary>
/// Turns a body that cannot be read (malformed JSON, a string where a number belongs, too large) into a 4xx
/// ProblemDetails that says where it broke. Without it, minimal APIs answer an empty 400 in Production and the
/// exception handler answers 500 in Development.
/// </summary>
internal sealed class RequestBodyExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;

        httpContext.Response.StatusCode = bad.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = bad.StatusCode, Title = "The request body cannot be read", Detail = Describe(bad) },
        });
    }

    private static string Describe(BadHttpRequestException exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json) return JsonErrors.Describe(json);
        }

        return exception.Message;
    }
}

using System.Text.Json;
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
            if (inner is JsonException json)
            {
                // The message repeats the path and adds reader positions after " Path:"; keep the sentence.
                var message = json.Message;
                var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
                var sentence = cut < 0 ? message : message[..cut];
                return json.Path is { Length: > 0 } path ? $"invalid JSON at {path}: {sentence}" : $"invalid JSON: {sentence}";
            }
        }

        return exception.Message;
    }
}

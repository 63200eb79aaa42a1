using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace DaprPredictor.ServiceDefaults;

/// <summary>
/// A request that cannot be read is the client's fault, not the server's: Kestrel's framing, length, timing and size
/// errors while the body is read (bad chunk size, a Content-Length the body never reaches, a body arriving too slowly,
/// a body over the endpoint's limit) and minimal APIs' binding errors become the 4xx they carry, as a ProblemDetails
/// that says what is wrong. Without this, the exception handler answers them 500.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted) return false;

        httpContext.Response.StatusCode = bad.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = bad.StatusCode, Title = "The request cannot be read", Detail = Describe(bad) },
        });
    }

    /// <remarks>Kestrel's and the binder's messages name the problem and nothing of the server; a JSON error is cut to its sentence and path.</remarks>
    private static string Describe(BadHttpRequestException exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                var cut = json.Message.IndexOf(" Path:", StringComparison.Ordinal);
                return $"{exception.Message} {(cut < 0 ? json.Message : json.Message[..cut])}";
            }
        }

        return exception.Message;
    }
}

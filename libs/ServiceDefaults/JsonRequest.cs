using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace DaprPredictor.ServiceDefaults;

/// <summary>The checks every JSON endpoint makes before it parses: the content type, and a body read only up to its limit.</summary>
public static class JsonRequest
{
    /// <summary>
    /// A 415 unless the body is declared JSON (<c>application/json</c> or a <c>+json</c> media type) in UTF-8, the only
    /// encoding JSON has (RFC 8259 §8.1); null when it is.
    /// </summary>
    public static ProblemHttpResult? ContentTypeProblem(HttpRequest request)
    {
        var declared = request.ContentType;
        if (declared is not null && MediaTypeHeaderValue.TryParse(declared, out var type) &&
            (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)) &&
            (type.Charset.Length == 0 || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "The body must be JSON",
            detail: declared is null
                ? "The request has no Content-Type; send the body as application/json (UTF-8)."
                : $"The request's Content-Type is '{Shorten(declared)}'; send the body as application/json (UTF-8).");
    }

    /// <summary>Reads the whole body, or returns null as soon as it exceeds <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return null;
        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 1024);
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}

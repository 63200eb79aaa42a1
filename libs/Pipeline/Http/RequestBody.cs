using Microsoft.AspNetCore.Http;

namespace DaprPredictor.Pipeline.Http;

public static class RequestBody
{
    /// <summary>Reads the whole body, or returns null as soon as it exceeds <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        var known = Length(request);
        if (known > maxBytes) return null;
        using var buffer = new MemoryStream(known is { } length ? (int)length : 1024);
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The length of the body the endpoint will read, when known. Behind Dapr.AspNetCore's UseCloudEvents the body is the
    /// CloudEvent's <c>data</c>, re-serialized into a MemoryStream, while Content-Length still gives the whole envelope's
    /// length (the middleware replaces the stream, not the header): the stream's own length is the one that counts.
    /// </summary>
    public static long? Length(HttpRequest request) => request.Body is MemoryStream replaced ? replaced.Length - replaced.Position : request.ContentLength;
}

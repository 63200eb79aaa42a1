using System.Net.Http.Headers;

namespace DaprPredictor.Testing.Hostile;

/// <summary>Bytes sent as they are, declared as JSON: HttpClient's JSON helpers would re-encode what the corpus breaks on purpose.</summary>
public static class JsonBody
{
    public static ByteArrayContent Of(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}

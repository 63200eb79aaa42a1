using System.Text.Json;

namespace DaprPredictor.Contracts;

/// <summary>One sentence saying where and why JSON could not be read, for rejections and ProblemDetails alike.</summary>
public static class JsonErrors
{
    /// <remarks>The serializer's message repeats the path and adds reader positions after " Path:"; only the sentence is kept.</remarks>
    public static string Describe(JsonException ex)
    {
        var cut = ex.Message.IndexOf(" Path:", StringComparison.Ordinal);
        var sentence = cut < 0 ? ex.Message : ex.Message[..cut];
        return ex.Path is { Length: > 0 } path ? $"invalid JSON at {path}: {sentence}" : $"invalid JSON: {sentence}";
    }
}

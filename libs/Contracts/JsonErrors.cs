using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DaprPredictor.Contracts;

/// <summary>One sentence saying where and why JSON could not be read, for rejections and ProblemDetails alike.</summary>
public static class JsonErrors
{
    /// <summary>A JSON token as a message names it ("an object", "a string"…), for what was found where something else was expected.</summary>
    public static string Token(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.None => "empty",
        _ => token.ToString(),
    };

    /// <remarks>The serializer's message repeats the path and adds reader positions after " Path:"; only the sentence is kept.</remarks>
    public static string Describe(JsonException ex)
    {
        var cut = ex.Message.IndexOf(" Path:", StringComparison.Ordinal);
        var sentence = cut < 0 ? ex.Message : ex.Message[..cut];
        return ex.Path is { Length: > 0 } path ? $"invalid JSON at {path}: {sentence}" : $"invalid JSON: {sentence}";
    }

    /// <summary>
    /// Why <paramref name="utf8"/> is not UTF-8, or null when it is. JSON text is UTF-8 (RFC 8259 §8.1); the reader only
    /// notices bad bytes inside a string it decodes, so a field it skips, an overlong form (C0 AF) or an encoded
    /// surrogate (CESU-8) would otherwise pass.
    /// </summary>
    public static string? Utf8Problem(ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Unicode.Utf8.IsValid(utf8)) return null;
        var at = 0;
        while (Rune.DecodeFromUtf8(utf8[at..], out _, out var consumed) == OperationStatus.Done) at += consumed;
        return string.Create(CultureInfo.InvariantCulture, $"the text is not UTF-8: byte 0x{utf8[at]:X2} at offset {at} begins no valid sequence.");
    }
}

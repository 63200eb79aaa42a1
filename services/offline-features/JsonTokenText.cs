using System.Text.Json;

namespace DaprPredictor.OfflineFeatures;

/// <summary>A JSON token as a message names it ("an object", "a string"…): for the binding's rows and the batch route's body alike.</summary>
internal static class JsonTokenText
{
    public static string Describe(JsonTokenType token) => token switch
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
}

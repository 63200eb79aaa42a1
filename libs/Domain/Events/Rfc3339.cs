using System.Globalization;

namespace DaprPredictor.Domain.Events;

/// <summary>Strict RFC 3339 date-time: a full date, a 'T' (or 't'), a time and a mandatory offset.</summary>
public static class Rfc3339
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || text.Length < 20 || text.Length > 40 || !HasOffset(text))
        {
            return false;
        }

        // RFC 3339 allows lower-case 't' and 'z'; .NET's exact formats do not.
        var normalized = text[10] == 't' || text[^1] == 'z'
            ? string.Create(text.Length, text, static (span, source) =>
            {
                source.AsSpan().CopyTo(span);
                if (span[10] == 't') span[10] = 'T';
                if (span[^1] == 'z') span[^1] = 'Z';
            })
            : text;

        return DateTimeOffset.TryParseExact(normalized, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>Writes UTC with millisecond precision, the form the generator and the services emit.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static bool HasOffset(string text) =>
        text[^1] is 'Z' or 'z' || (text[^6] is '+' or '-' && text[^3] == ':');
}

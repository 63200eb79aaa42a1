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

        // Every event carries a timestamp and the pipeline reads it more than once; the common shapes are read digit by
        // digit, anything else goes through the general parser below.
        if (TryParseCommon(text, out value)) return true;

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

    /// <summary>yyyy-MM-ddTHH:mm:ss[.f{1,7}](Z|±hh:mm), with the calendar and offset ranges .NET accepts.</summary>
    private static bool TryParseCommon(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        if (s[4] != '-' || s[7] != '-' || s[10] is not ('T' or 't') || s[13] != ':' || s[16] != ':') return false;
        if (!Number(s, 0, 4, out var year) || !Number(s, 5, 2, out var month) || !Number(s, 8, 2, out var day) ||
            !Number(s, 11, 2, out var hour) || !Number(s, 14, 2, out var minute) || !Number(s, 17, 2, out var second))
        {
            return false;
        }

        var i = 19;
        long fraction = 0;
        if (s[i] == '.')
        {
            var digits = 0;
            for (i++; i < s.Length && char.IsAsciiDigit(s[i]); i++, digits++)
            {
                if (digits == 7) return false;
                fraction = fraction * 10 + (s[i] - '0');
            }

            if (digits == 0) return false;
            for (; digits < 7; digits++) fraction *= 10;
        }

        int offsetMinutes;
        if (i == s.Length - 1 && s[i] is 'Z' or 'z')
        {
            offsetMinutes = 0;
        }
        else if (i == s.Length - 6 && s[i] is '+' or '-' && s[i + 3] == ':' && Number(s, i + 1, 2, out var offsetHours) && Number(s, i + 4, 2, out var minutes) && minutes < 60)
        {
            offsetMinutes = (offsetHours * 60 + minutes) * (s[i] == '-' ? -1 : 1);
            if (Math.Abs(offsetMinutes) > 14 * 60) return false;
        }
        else
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        var local = new DateTime(year, month, day, hour, minute, second).Ticks + fraction;
        var utc = local - offsetMinutes * TimeSpan.TicksPerMinute;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks) return false;
        value = new DateTimeOffset(local, TimeSpan.FromMinutes(offsetMinutes));
        return true;
    }

    private static bool Number(ReadOnlySpan<char> s, int start, int length, out int value)
    {
        value = 0;
        for (var i = start; i < start + length; i++)
        {
            if (!char.IsAsciiDigit(s[i])) return false;
            value = value * 10 + (s[i] - '0');
        }

        return true;
    }

    private static bool HasOffset(string text) =>
        text[^1] is 'Z' or 'z' || (text[^6] is '+' or '-' && text[^3] == ':');
}

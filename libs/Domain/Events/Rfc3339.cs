using System.Globalization;

namespace DaprPredictor.Domain.Events;

/// <summary>
/// Strict RFC 3339 date-time: yyyy-MM-ddTHH:mm:ss, an optional fraction of any length (digits beyond the 7 a tick holds
/// are dropped: Go and Dapr write nanoseconds), and a mandatory offset (Z or ±hh:mm). 'T' and 'Z' may be lower case.
/// Read digit by digit: every event carries a timestamp and the pipeline reads it more than once.
/// </summary>
public static class Rfc3339
{
    /// <summary>The longest text accepted: a fraction of up to 38 digits.</summary>
    public const int MaxLength = 64;

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null && TryParse(text.AsSpan(), out value);
    }

    public static bool TryParse(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length is < 20 or > MaxLength) return false;
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
                if (digits < 7) fraction = fraction * 10 + (s[i] - '0');
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

    /// <summary>Writes UTC with millisecond precision, the form the generator and the services emit.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

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
}

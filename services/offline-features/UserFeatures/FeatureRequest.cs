using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;
using Microsoft.Extensions.Primitives;

namespace DaprPredictor.OfflineFeatures.UserFeatures;

/// <summary>The checks on <c>GET /features?userId=&amp;asOf=</c>, with the reasons and wording of the event cleaning rules.</summary>
public static class FeatureRequest
{
    /// <summary>The reason of a 400 for a query parameter given more than once (not an event-cleaning reason).</summary>
    public const string RepeatedParameterReason = "repeated-parameter";

    /// <summary>A query parameter given more than once would be read as its values joined by commas: refuse it.</summary>
    public static string? CheckSingle(StringValues values, string name) =>
        values.Count > 1 ? Repeated(name, values.Count) : null;

    public static string Repeated(string name, int count) => $"{name} is given {count} times; give it once.";

    /// <summary>The DATETIME column's range: an as-of outside it cannot be compared with stored times.</summary>
    public static readonly DateTimeOffset EarliestAsOf = new(1000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset LatestAsOf = new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(TimeSpan.TicksPerSecond - TimeSpan.TicksPerMicrosecond);

    public static Rejection? CheckAsOf(string text, out DateTimeOffset asOf)
    {
        if (!Rfc3339.TryParse(text, out asOf))
        {
            // A '+' offset that reached us as a space was sent unencoded in the query string.
            var hint = text.Length > 6 && text[^6] == ' ' && text[^3] == ':' ? " A '+' in a query string must be encoded as %2B." : "";
            return new Rejection(RejectReason.InvalidTimestamp, $"asOf '{Truncate(text)}' is not an RFC 3339 date-time with an offset, e.g. 2026-03-01T12:00:00Z.{hint}");
        }

        if (asOf < EarliestAsOf || asOf > LatestAsOf)
        {
            return new Rejection(RejectReason.InvalidTimestamp, "asOf must lie between 1000-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z, the range of the store's DATETIME column.");
        }

        return null;
    }

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}

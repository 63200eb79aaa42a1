namespace DaprPredictor.Testing.Hostile;

/// <summary>Hostile <c>asOf</c> query values for offline-features, percent-encoded as they travel.</summary>
public static class HostileAsOf
{
    /// <param name="Valid">True when the time is a valid as-of, however odd, and must be answered with features.</param>
    /// <param name="Reason">The reason the 400 names when it is not valid.</param>
    public sealed record Entry(string Name, string Encoded, bool Valid, string Reason = HostileEvents.InvalidTimestamp)
    {
        public override string ToString() => Name;
    }

    public static IReadOnlyList<Entry> All { get; } =
    [
        new("no zone", "2026-03-01T12:00:00", false),
        new("a date only", "2026-03-01", false),
        new("a + offset sent unencoded", "2026-03-01T12:00:00+01:00", false),
        new("a + offset encoded", "2026-03-01T12:00:00%2B01:00", true),
        new("empty", "", false),
        new("epoch seconds", "1772366400", false),
        new("a leap second", "2026-03-01T23:59:60Z", false),
        new("year 1", "0001-01-01T00:00:00Z", false),
        new("the last microsecond of year 9999", "9999-12-31T23:59:59.999999Z", true),
        new("year 9999 in an earlier zone", "9999-12-31T23:59:59-01:00", false),
        new("4,000 characters", new string('9', 4_000), false),
        new("an encoded NUL", "2026-03-01T12:00:00Z%00", false),
        new("SQL in the time", "2026-03-01T12:00:00Z'%20OR%201%3D1--", false),
        new("twice", "2026-03-01T12:00:00Z&asOf=2026-03-02T12:00:00Z", false, "repeated-parameter"),
    ];

    public static IEnumerable<string> Names => All.Select(c => c.Name);

    public static Entry Named(string name) => All.Single(c => c.Name == name);
}

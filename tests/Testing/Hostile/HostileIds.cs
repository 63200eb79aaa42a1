namespace DaprPredictor.Testing.Hostile;

/// <summary>
/// Hostile user ids as they appear in a URL (already percent-encoded as an attacker writes them), for the GET entries
/// that take a user id: the latest prediction of both hosts and offline-features.
/// </summary>
public static class HostileIds
{
    /// <summary>A hostile id and whether the entry must refuse it (400 naming <paramref name="Reason"/>) or look it up as any other id.</summary>
    /// <param name="Reason">The reason a 400 must name, or null when the id is acceptable (an unknown user: 404 or cold-start features).</param>
    public sealed record Entry(string Name, string Encoded, string? Reason)
    {
        public override string ToString() => Name;
    }

    public static IReadOnlyList<Entry> All { get; } =
    [
        new("a percent-encoded slash", "u-1%2F..%2Fadmin", null),
        new("percent-encoded dot segments", "%2E%2E", null),
        new("an SQL-shaped id", "1'%3BDROP%2F**%2FTABLE%2F**%2Fpurchases%3B--", null),
        new("an SQL-shaped id with spaces", "1'%20OR%20'1'%3D'1", HostileEvents.InvalidIdCharacters),
        new("Dapr's key separator", "a%7C%7Cb", null),
        new("a percent sign", "100%25", null),
        new("an id of 129 characters", new string('u', 129), "user-id-too-long"),
        new("an id of 4,000 characters", new string('u', 4_000), "user-id-too-long"),
        new("an encoded line feed", "u%0AINFO", HostileEvents.InvalidIdCharacters),
        new("an encoded right-to-left override", "u%E2%80%AE1", HostileEvents.InvalidIdCharacters),
        new("an encoded zero-width space", "u%E2%80%8B1", HostileEvents.InvalidIdCharacters),
        new("an encoded byte order mark", "%EF%BB%BFu-1", HostileEvents.InvalidIdCharacters),
        new("the encoded noncharacter U+FFFF", "u%EF%BF%BF", HostileEvents.InvalidIdCharacters),
        new("only a space", "%20", "missing-user-id"),
    ];

    public static IEnumerable<string> Names => All.Select(c => c.Name);

    public static Entry Named(string name) => All.Single(c => c.Name == name);
}

namespace DaprPredictor.Pipeline.Seams;

/// <summary>
/// State keys built from free-form ids. daprd stores a key as <c>&lt;app-id&gt;||&lt;key&gt;</c> and refuses any key
/// that contains <c>||</c> (dapr/dapr pkg/components/state/state_config.go, <c>checkKeyIllegal</c>; gRPC
/// InvalidArgument, code DAPR_STATE_ILLEGAL_KEY, Dapr 1.14–1.18). Cleaning accepts <c>|</c> in ids, so an id is written
/// with <c>%</c> and <c>|</c> percent-encoded: no key can contain <c>||</c> (the only <c>|</c> left is the separator),
/// and distinct ids keep distinct keys. Ids without either character are used as they are.
/// </summary>
public static class StateKeys
{
    private const int Slots = 1 << 12;

    /// <summary>
    /// Recently composed keys: a user's key is asked for on each of their events. A fixed table, one slot per hash of the
    /// prefix and id, shared without locks (a slot is one string, checked against the prefix and id before it is used).
    /// Only keys written as they are (no escaping) are kept, so a key is recognized by its characters alone.
    /// </summary>
    private static readonly string?[] Recent = new string?[Slots];

    public static string Compose(string prefix, string id)
    {
        if (id.AsSpan().IndexOfAny('|', '%') >= 0)
        {
            return string.Concat(prefix, "|", id.Replace("%", "%25", StringComparison.Ordinal).Replace("|", "%7C", StringComparison.Ordinal));
        }

        var slot = (uint)HashCode.Combine(prefix.Length, string.GetHashCode(id, StringComparison.Ordinal)) & (Slots - 1);
        if (Volatile.Read(ref Recent[slot]) is { } known && Composes(known, prefix, id)) return known;

        var key = string.Concat(prefix, "|", id);
        Volatile.Write(ref Recent[slot], key);
        return key;
    }

    private static bool Composes(string key, string prefix, string id) =>
        key.Length == prefix.Length + 1 + id.Length && key.StartsWith(prefix, StringComparison.Ordinal) && key[prefix.Length] == '|' && key.AsSpan(prefix.Length + 1).SequenceEqual(id);
}

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
    public static string Compose(string prefix, string id) =>
        id.AsSpan().IndexOfAny('|', '%') < 0 ? string.Concat(prefix, "|", id) : string.Concat(prefix, "|", id.Replace("%", "%25", StringComparison.Ordinal).Replace("|", "%7C", StringComparison.Ordinal));
}

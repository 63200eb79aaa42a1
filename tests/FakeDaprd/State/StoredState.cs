namespace DaprPredictor.FakeDaprd.State;

/// <summary>
/// One key of a <c>state.redis</c> store: a Redis hash with <c>data</c>, <c>version</c> (the ETag, counted per key from 1)
/// and, once any write used first-write concurrency, a <c>first-write</c> field that is never removed while the key lives.
/// Immutable: a write replaces the whole item.
/// </summary>
public sealed record StoredState(byte[] Data, long Version, bool FirstWrite, DateTimeOffset? ExpiresAt)
{
    public string ETag => Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

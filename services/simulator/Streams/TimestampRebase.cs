using System.Text;
using System.Text.Json.Nodes;
using DaprPredictor.Domain.Events;

namespace DaprPredictor.Simulator.Streams;

/// <summary>
/// Moves a recorded stream in time by one offset, so that its latest event happens at a chosen instant (now): the
/// feature extractor rejects events older than its maximum age (7 days) or too far in the future. Gaps between
/// events, and therefore sessions, are unchanged. Only the <c>timestamp</c> member is rewritten.
/// </summary>
public sealed record TimestampRebase(TimeSpan Offset)
{
    public static TimestampRebase None { get; } = new(TimeSpan.Zero);

    /// <summary>The offset that moves <paramref name="latest"/> to <paramref name="endAt"/>, in whole milliseconds (the stream's precision).</summary>
    public static TimestampRebase EndingAt(DateTimeOffset? latest, DateTimeOffset endAt) =>
        latest is { } last ? new(TimeSpan.FromMilliseconds(Math.Floor((endAt - last).TotalMilliseconds))) : None;

    public ClickEvent Apply(ClickEvent e)
    {
        if (Offset == TimeSpan.Zero || e.Timestamp is not { } at || JsonNode.Parse(e.Payload) is not JsonObject json) return e;
        var moved = at + Offset;
        json["timestamp"] = Rfc3339.Format(moved);
        return e with { Timestamp = moved, Payload = Encoding.UTF8.GetBytes(json.ToJsonString()) };
    }
}

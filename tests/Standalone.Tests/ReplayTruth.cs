using DaprPredictor.Contracts;
using DaprPredictor.Standalone.Replay;

namespace DaprPredictor.Standalone.Tests;

/// <summary>The ground truth a replay's messages carry, by event id (a streamed synthetic replay holds no such table itself).</summary>
public static class ReplayTruth
{
    public static Dictionary<string, Truth> ByEventId(ReplaySource stream)
    {
        var truth = new Dictionary<string, Truth>(StringComparer.Ordinal);
        foreach (var message in stream.Messages)
        {
            if (SpooledTruth.Of(message.Context) is { } t && PageViewJson.TryParse(message.Json.Span, out var e, out _) && e!.EventId is { } id) truth[id] = t;
        }

        return truth;
    }
}

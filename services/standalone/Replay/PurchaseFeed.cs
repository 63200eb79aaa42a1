using DaprPredictor.Domain.Features;
using DaprPredictor.Pipeline.Monitoring;

namespace DaprPredictor.Standalone.Replay;

/// <summary>
/// The replay's purchases as a shop would emit them: in time order, interleaved with the page views, each delivered
/// to live grading once the stream reaches its time. Purchases from before the stream label nothing and are skipped.
/// </summary>
public sealed class PurchaseFeed(IReadOnlyList<PurchaseRecord>? purchases, LiveGrading grading)
{
    private readonly PurchaseRecord[] _ordered = purchases?.OrderBy(p => p.PurchasedAt).ToArray() ?? [];
    private int _next;
    private bool _started;

    public long Delivered { get; private set; }

    /// <summary>Delivers every purchase at or before <paramref name="time"/>.</summary>
    public void DeliverUntil(DateTimeOffset time)
    {
        if (!_started)
        {
            _started = true;
            while (_next < _ordered.Length && _ordered[_next].PurchasedAt < time) _next++;
        }

        while (_next < _ordered.Length && _ordered[_next].PurchasedAt <= time)
        {
            grading.Purchased(_ordered[_next++]);
            Delivered++;
        }
    }

    /// <summary>The end of the stream: the purchases after the last page view still label its sessions.</summary>
    public void DeliverRest() => DeliverUntil(DateTimeOffset.MaxValue);
}

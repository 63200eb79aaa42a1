using DaprPredictor.Domain.Events;
using DaprPredictor.Domain.Features;

namespace DaprPredictor.Synthetic;

public sealed record SyntheticDataset(
    SyntheticOptions Options,
    SyntheticWorld World,
    SyntheticUser[] Users,
    PurchaseRecord[] Purchases,
    SyntheticSession[] Sessions)
{
    /// <summary>All events of all sessions merged into one stream in event-time order, as a site would emit them.</summary>
    public IEnumerable<PageViewEvent> Clickstream(Func<SyntheticSession, bool>? include = null) =>
        Sessions.Where(include ?? (_ => true))
            .SelectMany(s => s.Events.Select(e => (Event: e, At: Rfc3339.TryParse(e.Timestamp, out var at) ? at : default)))
            .OrderBy(x => x.At)
            .Select(x => x.Event);
}

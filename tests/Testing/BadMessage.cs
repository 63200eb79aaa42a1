using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;

namespace DaprPredictor.Testing;

/// <summary>A delivery that must be dead-lettered with <see cref="Expected"/>, after the events its user sent before it.</summary>
/// <param name="DataJson">The page view, written as the CloudEvent's data.</param>
/// <param name="Envelope">When set, the whole delivery body instead: the envelope itself is what is wrong.</param>
public sealed record BadMessage(string Name, RejectReason Expected, string DataJson, PageViewEvent[] Before, string? Envelope = null)
{
    public override string ToString() => Name;
}

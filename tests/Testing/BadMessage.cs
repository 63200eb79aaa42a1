using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Events;

namespace DaprPredictor.Testing;

/// <summary>A delivery that must be dead-lettered with <see cref="Expected"/>, after the events its user sent before it.</summary>
public sealed record BadMessage(string Name, RejectReason Expected, string DataJson, PageViewEvent[] Before)
{
    public override string ToString() => Name;
}

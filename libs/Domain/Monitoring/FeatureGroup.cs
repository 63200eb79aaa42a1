namespace DaprPredictor.Domain.Monitoring;

/// <summary>
/// A feature as an operator thinks of it: a one-hot page group (<see cref="SlotCount"/> slots, binned by the hot slot)
/// or one numeric slot (binned by the training deciles).
/// </summary>
public sealed record FeatureGroup(string Name, int FirstSlot, int SlotCount)
{
    public bool IsCategorical => SlotCount > 1;
}

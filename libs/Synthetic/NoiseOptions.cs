namespace DaprPredictor.Synthetic;

/// <summary>How much of what real pipelines see to add to a clean stream.</summary>
/// <param name="DuplicateRate">Share of events delivered a second time a little later (at-least-once delivery).</param>
/// <param name="InvalidRate">Share of events followed by a broken copy (missing id, bad timestamp, bad price, …).</param>
/// <param name="MaxRedeliverySeconds">A redelivery arrives up to this long (in event time) after its original, as a broker's would.</param>
public sealed record NoiseOptions(double DuplicateRate = 0.01, double InvalidRate = 0.005, int MaxRedeliverySeconds = 120)
{
    public static NoiseOptions None { get; } = new(0, 0);
}

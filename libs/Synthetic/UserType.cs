namespace DaprPredictor.Synthetic;

/// <summary>A hidden visitor type: how often it bought before, how much, how fast it browses, which prices and pages it favours.</summary>
/// <param name="HistoryPurchases">Expected purchases in the history period (Poisson mean).</param>
/// <param name="MeanPurchaseAmount">Mean of the Gamma(shape 2) purchase amount.</param>
/// <param name="MeanDwellSeconds">Mean of the exponential time between two page views.</param>
/// <param name="PriceSensitivity">β in P(product) ∝ exp(−β · price): larger means cheaper products.</param>
/// <param name="DestinationWeights">Multipliers on the base journey, per <see cref="Journey"/> destination.</param>
public sealed record UserType(
    string Name,
    double Prior,
    double HistoryPurchases,
    double MeanPurchaseAmount,
    double MeanDwellSeconds,
    double PriceSensitivity,
    double[] DestinationWeights);

using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Outcomes;
using DaprPredictor.Domain.Windows;

namespace DaprPredictor.ModelTraining;

public sealed class TrainingSetOptions
{
    public CleaningOptions Cleaning { get; init; } = new();

    public WindowOptions Window { get; init; } = new();

    /// <summary>How long after a session's last event a purchase still counts for it (<see cref="PurchaseAttribution"/>).</summary>
    public TimeSpan AttributionWindow { get; init; } = PurchaseAttribution.DefaultWindow;
}

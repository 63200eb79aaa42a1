using DaprPredictor.Domain.Cleaning;
using DaprPredictor.Domain.Windows;

namespace DaprPredictor.ModelTraining;

public sealed class TrainingSetOptions
{
    public CleaningOptions Cleaning { get; init; } = new();

    public WindowOptions Window { get; init; } = new();

    /// <summary>A purchase counts for a session when it happens after an event and at most this long after the session's last event.</summary>
    public TimeSpan AttributionWindow { get; init; } = TimeSpan.FromMinutes(30);
}

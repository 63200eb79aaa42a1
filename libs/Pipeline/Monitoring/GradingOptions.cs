using System.ComponentModel.DataAnnotations;
using DaprPredictor.Domain.Monitoring;
using DaprPredictor.Domain.Outcomes;

namespace DaprPredictor.Pipeline.Monitoring;

/// <summary>Live grading of predictions against outcomes (section <see cref="Section"/>).</summary>
public sealed class GradingOptions
{
    public const string Section = "Grading";

    /// <summary>How many of the most recent labelled predictions the online log loss, Brier, AUC and calibration describe.</summary>
    [Range(100, 1_000_000)]
    public int WindowSize { get; set; } = 10_000;

    /// <summary>
    /// How long after a session's last event a purchase still counts for it. It must equal the attribution window the
    /// model was trained with (training's default is the same 30 minutes), or the live grade measures another label.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AttributionWindow { get; set; } = PurchaseAttribution.DefaultWindow;

    /// <summary>Grace for purchases that reach us after the session's deadline has passed on our clock.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Users with open sessions tracked at once (about 200 bytes each plus their waiting predictions).</summary>
    [Range(1, 10_000_000)]
    public int MaxTrackedUsers { get; set; } = 200_000;

    [Range(1, 100_000)]
    public int MaxPredictionsPerSession { get; set; } = 256;

    /// <summary>How often sessions past their deadline are graded.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    public GradingLimits Limits => new(MaxTrackedUsers, MaxPredictionsPerSession, SettleDelay);
}

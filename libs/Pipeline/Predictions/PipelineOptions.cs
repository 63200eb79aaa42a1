using System.ComponentModel.DataAnnotations;

namespace DaprPredictor.Pipeline.Predictions;

public sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    /// <summary>ETag conflicts tolerated for one event before it is handed back for redelivery.</summary>
    [Range(1, 100)]
    public int MaxConflictRetries { get; set; } = 10;

    /// <summary>How long to wait for offline features before scoring with cold-start defaults (a degraded prediction).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:30")]
    public TimeSpan OfflineFeaturesTimeout { get; set; } = TimeSpan.FromMilliseconds(250);
}

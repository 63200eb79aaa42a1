using System.ComponentModel.DataAnnotations;

namespace DaprPredictor.Pipeline.Offline;

public sealed class OfflineFeaturesOptions
{
    public const string Section = "OfflineFeatures";

    /// <summary>
    /// How long a cached purchase summary is served: for as-of times from the cached one up to this much later
    /// (and as the state-store TTL). Keep it below the session timeout so a new session reads fresh history.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromMinutes(5);
}

using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using DaprPredictor.Contracts;
using DaprPredictor.Domain.Features;
using DaprPredictor.Pipeline.Seams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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

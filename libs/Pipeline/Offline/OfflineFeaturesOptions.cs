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

    /// <summary>
    /// The most pairs one <c>POST /features/batch</c> may ask for: the feature extractor's largest bulk batch (1,024
    /// events, <c>PageViews:Bulk:MaxMessagesCount</c>) fits in one request. A request with more is refused as soon as the
    /// reading reaches the first pair too many; its body is limited to <see cref="BatchBodyBytes"/> before that.
    /// </summary>
    [Range(1, 4096, ErrorMessage = "OfflineFeatures:MaxBatchPairs must be between 1 and 4096.")]
    public int MaxBatchPairs { get; set; } = 1024;

    /// <summary>
    /// How long offline-features may spend at start making its first round trips to the sidecar (a state read on each of
    /// its two gRPC channels) before <c>/health</c> reports it ready; zero skips the warm-up. A cold process spends seconds
    /// on its first sidecar call (connecting the channel, compiling the gRPC client), longer than the feature extractor's
    /// deadline (<c>Pipeline:OfflineFeaturesTimeout</c>, 250 ms), whose cancellation abandons that work before it
    /// finishes: without the warm-up a cold batch path can miss the deadline on every call. When the sidecar does not
    /// answer in time, the service reports itself ready anyway (Degraded) and serves cold.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan WarmUpTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>What one pair may take in a batch body: a 128-character id escaped as \uXXXX throughout, an as-of, the member names.</summary>
    public const int BytesPerPair = 1024;

    /// <summary>The largest <c>POST /features/batch</c> body: <see cref="BytesPerPair"/> per pair and 1 KiB for the rest.</summary>
    public int BatchBodyBytes => (MaxBatchPairs + 1) * BytesPerPair;
}

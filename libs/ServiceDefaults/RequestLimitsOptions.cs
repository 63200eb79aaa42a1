using System.ComponentModel.DataAnnotations;

namespace DaprPredictor.ServiceDefaults;

/// <summary>
/// The "RequestLimits" section: what Kestrel accepts of any request before an endpoint sees it, and the body size of an
/// endpoint that sets none of its own (<see cref="RequestBodyLimit"/>). Validated when the host starts: a limit that
/// cannot work (negative, zero, absurdly large) stops the host naming the setting.
/// </summary>
public sealed class RequestLimitsOptions
{
    public const string Section = "RequestLimits";

    /// <summary>The body size of an endpoint without a limit of its own.</summary>
    [Range(1024, 256 * 1024 * 1024, ErrorMessage = "RequestLimits:MaxBodyBytes must be between 1024 (1 KiB) and 268435456 (256 MiB).")]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>All request headers together; a larger head is refused by Kestrel with 431.</summary>
    [Range(1024, 1024 * 1024, ErrorMessage = "RequestLimits:MaxHeadersTotalBytes must be between 1024 (1 KiB) and 1048576 (1 MiB).")]
    public int MaxHeadersTotalBytes { get; set; } = 32 * 1024;

    [Range(1, 1000, ErrorMessage = "RequestLimits:MaxHeaderCount must be between 1 and 1000.")]
    public int MaxHeaderCount { get; set; } = 100;

    /// <summary>The request line (method, path and query); a longer one is refused by Kestrel with 414.</summary>
    [Range(256, 64 * 1024, ErrorMessage = "RequestLimits:MaxRequestLineBytes must be between 256 and 65536 (64 KiB).")]
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;

    /// <summary>A body that arrives more slowly than this, after <see cref="BodyGracePeriod"/>, is refused with 408 (slow-body attacks).</summary>
    [Range(1, 1024 * 1024, ErrorMessage = "RequestLimits:MinBodyBytesPerSecond must be between 1 and 1048576.")]
    public int MinBodyBytesPerSecond { get; set; } = 240;

    [Range(typeof(TimeSpan), "00:00:02", "00:05:00", ErrorMessage = "RequestLimits:BodyGracePeriod must be between 2 seconds and 5 minutes (Kestrel needs more than one).")]
    public TimeSpan BodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a client may take to send the request head.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "RequestLimits:HeadersTimeout must be between 1 second and 5 minutes.")]
    public TimeSpan HeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

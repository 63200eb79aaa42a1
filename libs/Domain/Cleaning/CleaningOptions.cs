using System.ComponentModel.DataAnnotations;

namespace DaprPredictor.Domain.Cleaning;

public sealed class CleaningOptions
{
    public const string Section = "Cleaning";

    [Range(8, 1024)]
    public int MaxIdLength { get; set; } = 128;

    [Range(16, 8192)]
    public int MaxPageLength { get; set; } = 2048;

    /// <summary>How far ahead of the receiver's clock an event may be (client clock skew).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How old an event may be when it arrives (broker backlog, replays).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromDays(7);
}

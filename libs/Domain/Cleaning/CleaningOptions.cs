using System.ComponentModel.DataAnnotations;

namespace DaprPredictor.Domain.Cleaning;

public sealed class CleaningOptions
{
    public const string Section = "Cleaning";

    [Range(8, 1024)]
    public int MaxIdLength { get; set; } = 128;

    [Range(16, 8192)]
    public int MaxPageLength { get; set; } = 2048;

    /// <summary>
    /// The largest price a page view may carry. Feature assembly reads prices through a float (the model's input): a
    /// price above <see cref="float.MaxValue"/> (1e39), or a sum of finite doubles that overflows (two 1e308), would
    /// become +Infinity in mean_viewed_price, which no model can score. Every mean of prices at most this is finite as
    /// a float, so cleaning and assembly agree on the range.
    /// </summary>
    [Range(1d, (double)float.MaxValue, ErrorMessage = "Cleaning:MaxPrice must be between 1 and 3.4e38, the largest float.")]
    public double MaxPrice { get; set; } = 1e10;

    /// <summary>The largest page view, as the bytes of its JSON; anything bigger is not one (payload-too-large).</summary>
    [Range(1024, 1024 * 1024, ErrorMessage = "Cleaning:MaxEventBytes must be between 1024 (1 KiB) and 1048576 (1 MiB).")]
    public int MaxEventBytes { get; set; } = 64 * 1024;

    /// <summary>How far ahead of the receiver's clock an event may be (client clock skew).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How old an event may be when it arrives (broker backlog, replays).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan MaxEventAge { get; set; } = TimeSpan.FromDays(7);
}

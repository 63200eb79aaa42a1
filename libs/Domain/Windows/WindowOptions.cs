using System.ComponentModel.DataAnnotations;

namespace DaprPredictor.Domain.Windows;

public sealed class WindowOptions
{
    public const string Section = "Window";

    /// <summary>Inactivity after which the next event starts a new session; also the window's TTL in the state store.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How many recent pages the window keeps (the features use the last three).</summary>
    [Range(3, 50)]
    public int RecentPages { get; set; } = 5;

    /// <summary>
    /// How many recent event ids are remembered for de-duplication, across sessions. A redelivery comes back within a few
    /// of the user's events, so 32 covers several sessions; the window copies the list on every event, so it stays small.
    /// </summary>
    [Range(8, 4096)]
    public int DedupeCapacity { get; set; } = 32;
}

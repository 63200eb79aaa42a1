using System.ComponentModel.DataAnnotations;

namespace DaprPredictor.Domain.Windows;

public sealed class WindowOptions
{
    public const string Section = "Window";

    /// <summary>Inactivity after which the next event starts a new session.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long the state store keeps an idle window: the session timeout and <see cref="StateTtlMargin"/> more. The session
    /// rule compares event times, the TTL runs on the store's clock from the save: with a TTL of exactly the timeout, an event
    /// exactly one timeout after the previous one (the same session by the rule) found the window gone whenever it was
    /// delivered no faster than its predecessor, and started a session training never saw.
    /// </summary>
    public TimeSpan StateTtl => SessionTimeout + StateTtlMargin;

    /// <summary>How much more slowly than its predecessor an event may be delivered and still find the window the rule gives it.</summary>
    public static TimeSpan StateTtlMargin { get; } = TimeSpan.FromMinutes(1);

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

using System.ComponentModel.DataAnnotations;

namespace DaprPredictor.Standalone.Events;

/// <summary>The "Events" section: how much one <c>POST /events</c> may carry. Both limits apply while the body is read.</summary>
public sealed class EventsOptions
{
    public const string Section = "Events";

    [Range(1024, 256 * 1024 * 1024, ErrorMessage = "Events:MaxBodyBytes must be between 1024 (1 KiB) and 268435456 (256 MiB).")]
    public int MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    [Range(1, 1_000_000, ErrorMessage = "Events:MaxEvents must be between 1 and 1000000.")]
    public int MaxEvents { get; set; } = 10_000;
}

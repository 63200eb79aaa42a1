using DaprPredictor.Domain.Events;

namespace DaprPredictor.Domain.Cleaning;

/// <summary>The result of cleaning one event: exactly one of <see cref="Event"/> and <see cref="Rejection"/> is set.</summary>
public readonly record struct CleaningResult(CleanPageView? Event, Rejection? Rejection)
{
    public bool IsValid => Event is not null;

    public static CleaningResult Reject(RejectReason reason, string detail) => new(null, new Rejection(reason, detail));
}

namespace DaprPredictor.Domain.Cleaning;

/// <summary>A rejected event: the machine-readable reason and a sentence for humans.</summary>
public sealed record Rejection(RejectReason Reason, string Detail)
{
    public string Code => Reason.Code();
}

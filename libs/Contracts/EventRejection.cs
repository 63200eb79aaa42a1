namespace DaprPredictor.Contracts;

public sealed record EventRejection(int Index, string? EventId, string Reason, string Detail);

namespace DaprPredictor.Domain.Features;

/// <summary>One row of the offline store's <c>purchases</c> table.</summary>
public sealed record PurchaseRecord(long PurchaseId, string UserId, decimal Amount, DateTimeOffset PurchasedAt);

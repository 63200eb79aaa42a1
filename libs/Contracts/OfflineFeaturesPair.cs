namespace DaprPredictor.Contracts;

/// <summary>One lookup of <c>POST /features/batch</c> on offline-features: a user's offline features as of a point in time.</summary>
public sealed record OfflineFeaturesPair(string UserId, DateTimeOffset AsOf);

namespace DaprPredictor.Contracts;

/// <summary>
/// The body of <c>POST /features/batch</c> on offline-features: the lookups, answered in order. offline-features reads
/// it element by element (each pair is checked as <c>GET /features</c> checks its query), so this type is what callers write.
/// </summary>
public sealed record OfflineFeaturesBatchRequest(OfflineFeaturesPair[] Pairs);

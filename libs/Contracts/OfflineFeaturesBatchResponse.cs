namespace DaprPredictor.Contracts;

/// <summary>The answer of <c>POST /features/batch</c>: one <see cref="UserOfflineFeatures"/> per requested pair, in the request's order.</summary>
public sealed record OfflineFeaturesBatchResponse(UserOfflineFeatures[] Features);

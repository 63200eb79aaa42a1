using DaprPredictor.Domain.Features;

namespace DaprPredictor.Contracts;

/// <summary><c>GET /features?userId=</c> on offline-features.</summary>
public sealed record UserOfflineFeatures(string UserId, DateTimeOffset AsOf, PurchaseFeatures Features);
